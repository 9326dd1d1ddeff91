/** Review (审核) calls, typed from the server's contracts; the entry view comes from collection. */
import type { z } from 'zod';
import type { EntryView } from '../../../../src/modules/collection/contract.ts';
import type {
  AnomalyPage,
  AnomalyQuery,
  AnomalyView,
  DecisionRequest,
  LevelsView,
  ListQuery,
  ReviewDetail,
  ReviewItem,
  ReviewLevel,
  ReviewPage,
  VerdictRequest,
  ViolationPage,
  ViolationQuery,
  ViolationView,
} from '../../../../src/modules/review/contract.ts';
import type { FormSummary, PeriodList } from '../../../../src/modules/surveys/contract.ts';
import { api, download, withQuery } from '../../api/client.ts';

export type Level = z.infer<typeof ReviewLevel>;
export type Item = z.infer<typeof ReviewItem>;
export type Board = z.infer<typeof ReviewPage>;
export type Detail = z.infer<typeof ReviewDetail>;
export type FailedRule = Detail['failedRules'][number];
export type QueryThread = Detail['queries'][number];
export type Decision = z.infer<typeof DecisionRequest>;
export type Verdict = z.infer<typeof VerdictRequest>;
export type Levels = z.infer<typeof LevelsView>;
export type Entry = z.infer<typeof EntryView>;
export type Violation = ViolationView;
export type Violations = z.infer<typeof ViolationPage>;
type Paging = { page?: number; pageSize?: number };
export type BoardQuery = Omit<Partial<z.output<typeof ListQuery>>, 'page' | 'pageSize'> &
  Paging & { period: string };
export type ViolationFilter = Omit<Partial<z.output<typeof ViolationQuery>>, 'page' | 'pageSize'> &
  Paging & { period: string };
export type Periods = z.infer<typeof PeriodList>;
export type Anomaly = AnomalyView;
export type CellAnomaly = Detail['anomalies'][number];
export type Anomalies = z.infer<typeof AnomalyPage>;
export type AnomalyFilter = Omit<Partial<z.output<typeof AnomalyQuery>>, 'page' | 'pageSize'> & Paging;
export type { FormSummary };

export interface SubmissionKey {
  unitId: string;
  formId: string;
  period: string;
}

const R = '/api/review';
const one = (k: SubmissionKey) =>
  `${R}/units/${encodeURIComponent(k.unitId)}/forms/${encodeURIComponent(k.formId)}/periods/${encodeURIComponent(k.period)}`;

export const reviewApi = {
  forms: () => api<FormSummary[]>('/api/surveys/forms'),
  periods: (formId: string) => api<Periods>(`/api/surveys/forms/${formId}/periods`),

  boardUrl: (q: BoardQuery) => withQuery(`${R}/submissions`, q),
  board: (q: BoardQuery) => api<Board>(`${R}/submissions`, { query: q }),

  detailUrl: one,
  detail: (k: SubmissionKey) => api<Detail>(one(k)),
  /** The values as the unit entered them, with last period and last year beside each cell. */
  entry: (k: SubmissionKey) =>
    api<Entry>(`/api/collection/forms/${k.formId}/periods/${k.period}`, { query: { unitId: k.unitId } }),
  decide: (k: SubmissionKey, body: Decision) => api<Detail>(`${one(k)}/decisions`, { body }),
  reopen: (k: SubmissionKey, body: { reason: string; version: number }) =>
    api<Detail>(`${one(k)}/reopen`, { body }),
  judge: (k: SubmissionKey, ruleId: string, body: Verdict) =>
    api<Detail>(`${one(k)}/explanations/${encodeURIComponent(ruleId)}`, { method: 'PUT', body }),
  ask: (k: SubmissionKey, body: { cell: string; body: string }) => api<Detail>(`${one(k)}/queries`, { body }),
  reply: (k: SubmissionKey, queryId: string, body: string) =>
    api<Detail>(`${one(k)}/queries/${queryId}/messages`, { body: { body } }),
  closeQuery: (k: SubmissionKey, queryId: string) =>
    api<Detail>(`${one(k)}/queries/${queryId}/close`, { method: 'POST' }),

  violationsUrl: (q: ViolationFilter) => withQuery(`${R}/violations`, q),
  violations: (q: ViolationFilter) => api<Violations>(`${R}/violations`, { query: q }),
  exportViolations: (q: ViolationFilter, format: 'csv' | 'xlsx') => {
    const { page: _p, pageSize: _s, ...rest } = q;
    return download(`${R}/violations/export`, { ...rest, format });
  },

  anomaliesUrl: (formId: string, period: string, q: AnomalyFilter) =>
    withQuery(`${R}/forms/${encodeURIComponent(formId)}/periods/${encodeURIComponent(period)}/anomalies`, q),
  anomalies: (formId: string, period: string, q: AnomalyFilter) =>
    api<Anomalies>(
      `${R}/forms/${encodeURIComponent(formId)}/periods/${encodeURIComponent(period)}/anomalies`,
      { query: q },
    ),
  exportAnomalies: (formId: string, period: string, q: AnomalyFilter) => {
    const { page: _p, pageSize: _s, ...rest } = q;
    return download(
      `${R}/forms/${encodeURIComponent(formId)}/periods/${encodeURIComponent(period)}/anomalies/export`,
      rest,
    );
  },

  levels: (formId: string) => api<Levels>(`${R}/forms/${formId}/levels`),
  setLevels: (formId: string, levels: Level[]) =>
    api<Levels>(`${R}/forms/${formId}/levels`, { method: 'PUT', body: { levels } }),
};
