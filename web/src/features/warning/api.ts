/** Early-warning calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  AlertPage,
  BoardView,
  EvaluateResult,
  RuleInput,
  RuleList,
  RuleView,
  SubscriptionView,
  SystemInput,
  SystemList,
  SystemView,
} from '../../../../src/modules/warning/contract.ts';
import { api, withQuery } from '../../api/client.ts';

export type Systems = z.infer<typeof SystemList>;
export type System = Systems['items'][number];
export type Board = z.infer<typeof BoardView>;
export type Rules = z.infer<typeof RuleList>;
export type Rule = z.infer<typeof RuleView>;
export type RuleBody = z.input<typeof RuleInput>;
export type Alerts = z.infer<typeof AlertPage>;
export type Alert = Alerts['items'][number];
export type Evaluated = z.infer<typeof EvaluateResult>;
export type Light = Board['composite'][number]['light'] & string;
export type SystemBody = z.input<typeof SystemInput>;
export type SystemDetail = z.infer<typeof SystemView>;

/** Who keeps signal systems and may change anyone’s rule (definitions.ts MANAGERS); other staff read. */
export const MANAGERS = ['admin', 'designer', 'city_statistician'] as const;

const W = '/api/warning';

export const warningApi = {
  systems: () => api<Systems>(`${W}/systems`),
  system: (id: string) => api<SystemDetail>(`${W}/systems/${id}`),
  createSystem: (body: SystemBody) => api<SystemDetail>(`${W}/systems`, { body }),
  updateSystem: (id: string, body: SystemBody) =>
    api<SystemDetail>(`${W}/systems/${id}`, { method: 'PUT', body }),
  boardUrl: (id: string, periods: number) => withQuery(`${W}/systems/${id}/board`, { periods }),
  board: (id: string, periods: number) => api<Board>(`${W}/systems/${id}/board`, { query: { periods } }),
  rules: () => api<Rules>(`${W}/rules`),
  createRule: (body: RuleBody) => api<Rule>(`${W}/rules`, { body }),
  deleteRule: (id: string) => api<{ ok: true }>(`${W}/rules/${id}`, { method: 'DELETE' }),
  subscribe: (kind: 'system' | 'rule', id: string, on: boolean) =>
    api<z.infer<typeof SubscriptionView>>(`${W}/subscriptions/${kind}/${id}`, {
      method: on ? 'PUT' : 'DELETE',
    }),
  alerts: (q: { sourceId?: string; page?: number; pageSize?: number }) =>
    api<Alerts>(`${W}/alerts`, { query: q }),
  evaluate: (sourceId?: string) => api<Evaluated>(`${W}/evaluate`, { body: sourceId ? { sourceId } : {} }),
};
