/** Survey system (调查制度) calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  CheckResult,
  CreateOverrideRequest,
  FormDetail,
  FormSummary,
  OverrideView,
  PeriodList,
  ScopePage,
  ScopeRule,
  SurveyView,
  VersionDetail,
  VersionSummary,
} from '../../../../src/modules/surveys/contract.ts';
import { api, withQuery } from '../../api/client.ts';

export type Survey = z.infer<typeof SurveyView>;
export type Form = FormSummary;
export type FormWithVersions = z.infer<typeof FormDetail>;
export type Version = VersionSummary;
export type { ScopePage, VersionDetail };
export type Periods = z.infer<typeof PeriodList>;
export type Check = z.infer<typeof CheckResult>;
export type { OverrideView as Override, ScopeRule };
export type NewOverride = z.input<typeof CreateOverrideRequest>;

const S = '/api/surveys';

/** JSON when it looks like JSON, else YAML (the server accepts both as text). */
export function definitionContentType(text: string): string {
  return /^\s*[{[]/.test(text) ? 'application/json' : 'application/yaml';
}

export const surveysApi = {
  surveys: () => api<Survey[]>(S),
  form: (id: string) => api<FormWithVersions>(`${S}/forms/${id}`),
  version: (id: string) => api<VersionDetail>(`${S}/versions/${id}`),
  activate: (id: string) => api<VersionDetail>(`${S}/versions/${id}/activate`, { method: 'POST' }),
  periods: (formId: string) => api<Periods>(`${S}/forms/${formId}/periods`),
  scopeUrl: (formId: string, q: { period: string; q?: string; page?: number; pageSize?: number }) =>
    withQuery(`${S}/forms/${formId}/scope`, q),
  scope: (formId: string, q: { period: string; q?: string; page?: number; pageSize?: number }) =>
    api<ScopePage>(`${S}/forms/${formId}/scope`, { query: q }),
  setScopeRules: (formId: string, rules: ScopeRule[]) =>
    api<FormWithVersions>(`${S}/forms/${formId}/scope/rules`, { method: 'PUT', body: { rules } }),
  overrides: (formId: string, includeRevoked: boolean) =>
    api<OverrideView[]>(`${S}/forms/${formId}/scope/overrides`, {
      query: { includeRevoked: includeRevoked ? 'true' : undefined },
    }),
  createOverride: (formId: string, body: NewOverride) =>
    api<OverrideView>(`${S}/forms/${formId}/scope/overrides`, { body }),
  revokeOverride: (id: string, reason: string) =>
    api<OverrideView>(`${S}/scope-overrides/${id}/revoke`, { body: { reason } }),
  check: (text: string) =>
    api<Check>(`${S}/definitions/check`, { text: { body: text, contentType: definitionContentType(text) } }),
  importDefinition: (text: string) =>
    api<VersionDetail>(`${S}/definitions`, {
      text: { body: text, contentType: definitionContentType(text) },
    }),
};
