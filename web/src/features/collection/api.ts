/** Online direct reporting (联网直报) calls, typed from the server's contracts. */
import type { z } from 'zod';
import type {
  CheckResult,
  DiffView,
  EntryView,
  SubmissionView,
  TaskItem,
  TaskList,
  VersionDetail,
  VersionItem,
} from '../../../../src/modules/collection/contract.ts';
import type { InboxView, ReviewDetail } from '../../../../src/modules/review/contract.ts';
import { api, download } from '../../api/client.ts';

export type Tasks = z.infer<typeof TaskList>;
export type Task = z.infer<typeof TaskItem>;
export type Entry = z.infer<typeof EntryView>;
export type Submission = SubmissionView;
export type Check = z.infer<typeof CheckResult>;
export type Version = z.infer<typeof VersionItem>;
export type VersionWithValues = z.infer<typeof VersionDetail>;
export type Diff = z.infer<typeof DiffView>;
export type Inbox = z.infer<typeof InboxView>;
export type Review = z.infer<typeof ReviewDetail>;
export type Status = Task['status'];

const C = '/api/collection';
const one = (formId: string, period: string) =>
  `${C}/forms/${encodeURIComponent(formId)}/periods/${encodeURIComponent(period)}`;

export interface DraftBody {
  values: Record<string, string | null>;
  explanations?: Record<string, string>;
  version?: number;
  reason?: 'autosave' | 'save';
}

export const collectionApi = {
  tasksUrl: (period?: string) => (period ? `${C}/tasks?period=${encodeURIComponent(period)}` : `${C}/tasks`),
  tasks: (period?: string) => api<Tasks>(`${C}/tasks`, { query: { period } }),
  entryUrl: one,
  entry: (formId: string, period: string) => api<Entry>(one(formId, period)),
  saveDraft: (formId: string, period: string, body: DraftBody) =>
    api<Submission>(`${one(formId, period)}/draft`, { method: 'PUT', body }),
  submit: (
    formId: string,
    period: string,
    body: { values?: Record<string, string | null>; explanations?: Record<string, string>; version?: number },
  ) => api<Submission>(`${one(formId, period)}/submit`, { method: 'POST', body }),
  check: (
    formId: string,
    period: string,
    body: { values: Record<string, string | null>; explanations?: Record<string, string> },
  ) => api<Check>(`${one(formId, period)}/check`, { method: 'POST', body }),
  versions: (formId: string, period: string) => api<Version[]>(`${one(formId, period)}/versions`),
  version: (formId: string, period: string, seq: number) =>
    api<VersionWithValues>(`${one(formId, period)}/versions/${seq}`),
  diff: (formId: string, period: string, from: number, to: number) =>
    api<Diff>(`${one(formId, period)}/diff`, { query: { from, to } }),
  /** The Excel template, pre-filled with what is saved. */
  template: (formId: string, period: string) => download(`${one(formId, period)}/template.xlsx`),
  /** An Excel file filled in: saved as a draft when every cell is right (422 listing each problem otherwise). */
  upload: (formId: string, period: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<Submission>(`${one(formId, period)}/upload`, { form });
  },
  /** The submitted form as PDF (a saved version when `seq` is given). */
  pdf: (formId: string, period: string, seq?: number) =>
    download(`${one(formId, period)}/pdf`, seq ? { seq } : undefined),
  inbox: (period?: string) => api<Inbox>('/api/review/inbox', { query: { period } }),
  review: (unitId: string, formId: string, period: string) =>
    api<Review>(`/api/review/units/${unitId}/forms/${formId}/periods/${encodeURIComponent(period)}`),
  answer: (unitId: string, formId: string, period: string, queryId: string, body: string) =>
    api<Review>(
      `/api/review/units/${unitId}/forms/${formId}/periods/${encodeURIComponent(period)}/queries/${queryId}/messages`,
      { body: { body } },
    ),
  unit: (id: string) =>
    api<{ industryCode: string; sizeClass: string | null; townshipCode: string; employees: number | null }>(
      `/api/registry/units/${id}`,
    ),
};
