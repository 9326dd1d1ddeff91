/** Monitoring (报送率, 催报) calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  Figures,
  NotificationPage,
  NotificationView,
  OverviewView,
  RatesView,
  ReminderScheduleView,
  RemindResult,
  UNIT_FILTERS,
  UnitRatesPage,
} from '../../../../src/modules/monitoring/contract.ts';
import { api, withQuery } from '../../api/client.ts';

export type FiguresView = z.infer<typeof Figures>;
export type Rates = z.infer<typeof RatesView>;
export type Overview = z.infer<typeof OverviewView>;
export type UnitPage = z.infer<typeof UnitRatesPage>;
export type UnitRow = UnitPage['items'][number];
export type UnitFilter = (typeof UNIT_FILTERS)[number];
export type Schedule = z.infer<typeof ReminderScheduleView>;
export type Reminded = z.infer<typeof RemindResult>;
export type Notifications = z.infer<typeof NotificationPage>;
export type Notification = z.infer<typeof NotificationView>;

export interface RatesQuery {
  formId: string;
  period: string;
  division?: string;
}

const M = '/api/monitoring';

export const monitoringApi = {
  ratesUrl: (q: RatesQuery) => withQuery(`${M}/rates`, { ...q }),
  rates: (q: RatesQuery) => api<Rates>(`${M}/rates`, { query: { ...q } }),
  overview: (q: { period: string; division?: string }) => api<Overview>(`${M}/overview`, { query: q }),
  units: (q: RatesQuery & { filter?: UnitFilter; page?: number; pageSize?: number }) =>
    api<UnitPage>(`${M}/rates/units`, { query: { ...q } }),
  remind: (body: RatesQuery & { unitIds?: string[] }) => api<Reminded>(`${M}/reminders`, { body }),
  schedule: (formId: string) => api<Schedule>(`${M}/forms/${formId}/reminder-schedule`),
  setSchedule: (formId: string, offsetsDays: number[]) =>
    api<Schedule>(`${M}/forms/${formId}/reminder-schedule`, { method: 'PUT', body: { offsetsDays } }),
  notifications: (q: { unread?: 'true'; page?: number; pageSize?: number }) =>
    api<Notifications>(`${M}/notifications`, { query: q }),
  markRead: (id: string) => api<Notification>(`${M}/notifications/${id}/read`, { method: 'POST' }),
};
