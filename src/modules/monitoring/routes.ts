/** Monitoring routes (/api/monitoring/…): validate, authorise, call the service, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  FormParams,
  NotificationPage,
  NotificationParams,
  NotificationQuery,
  NotificationView,
  OverviewQuery,
  OverviewView,
  RatesQuery,
  RatesView,
  ReminderSchedule,
  ReminderScheduleView,
  RemindRequest,
  RemindResult,
  UnitRatesPage,
  UnitRatesQuery,
} from './contract.ts';
import type { createNotificationService } from './notifications.ts';
import type { RatesService } from './rates.ts';
import type { ReminderService } from './reminders.ts';

export function monitoringRoutes(services: {
  rates: RatesService;
  reminders: ReminderService;
  notifications: ReturnType<typeof createNotificationService>;
}) {
  const { rates, reminders, notifications } = services;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['monitoring'];

    app.get(
      '/api/monitoring/rates',
      {
        schema: {
          tags,
          summary: 'Reporting rate and timeliness (报送率, 及时率) of a division and each of its children',
          querystring: RatesQuery,
          response: { 200: RatesView },
        },
      },
      async (req) => rates.rates(requireActor(req), req.query),
    );

    app.get(
      '/api/monitoring/overview',
      {
        schema: {
          tags,
          summary: 'Reporting rate and timeliness of every form of a period in a division (by form)',
          querystring: OverviewQuery,
          response: { 200: OverviewView },
        },
      },
      async (req) => rates.overview(requireActor(req), req.query),
    );

    app.get(
      '/api/monitoring/rates/units',
      {
        schema: {
          tags,
          summary: 'Expected reporters of a division with their status, lateness and overdue flag',
          querystring: UnitRatesQuery,
          response: { 200: UnitRatesPage },
        },
      },
      async (req) => rates.units(requireActor(req), req.query),
    );

    app.post(
      '/api/monitoring/reminders',
      {
        schema: {
          tags,
          summary: '催报: remind the units in your area that have not reported (audited)',
          body: RemindRequest,
          response: { 200: RemindResult },
        },
      },
      async (req) => reminders.remindByHand(contextOf(req), req.body),
    );

    app.get(
      '/api/monitoring/forms/:formId/reminder-schedule',
      {
        schema: {
          tags,
          summary: "A form's reminder schedule: days relative to the deadline",
          params: FormParams,
          response: { 200: ReminderScheduleView },
        },
      },
      async (req) => reminders.schedule(requireActor(req), req.params.formId),
    );

    app.put(
      '/api/monitoring/forms/:formId/reminder-schedule',
      {
        schema: {
          tags,
          summary: "Set a form's reminder schedule (audited)",
          params: FormParams,
          body: ReminderSchedule,
          response: { 200: ReminderScheduleView },
        },
      },
      async (req) => reminders.setSchedule(contextOf(req), req.params.formId, req.body.offsetsDays),
    );

    app.get(
      '/api/monitoring/notifications',
      {
        schema: {
          tags,
          summary: 'Your notifications (and your unit’s, for enterprise reporters), newest first',
          querystring: NotificationQuery,
          response: { 200: NotificationPage },
        },
      },
      async (req) => notifications.list(requireActor(req), req.query),
    );

    app.post(
      '/api/monitoring/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark one of your notifications read',
          params: NotificationParams,
          response: { 200: NotificationView },
        },
      },
      async (req) => notifications.markRead(requireActor(req), req.params.id),
    );
  };
}
