/** Survey API contract (zod): shared by routes and the web app. */
import { z } from 'zod';
import { DeadlineRule, FormDefinition, LocalText, PeriodText, ScopeRule } from './domain/definition.ts';
import { FREQUENCIES } from './domain/periods.ts';

export { FormDefinition, LocalText, ScopeRule };

const Bilingual = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

export const DefinitionErrorView = z.object({ path: z.string(), message: Bilingual });
export type DefinitionErrorView = z.infer<typeof DefinitionErrorView>;

export const VersionStatus = z.enum(['draft', 'active', 'retired']);

export const VersionSummary = z.object({
  id: z.string(),
  formId: z.string(),
  number: z.number().int(),
  from: z.string(),
  /** As declared in the file. */
  until: z.string().nullable(),
  /** The last period it applies to after a later version took over (else = until). */
  effectiveUntil: z.string().nullable(),
  status: VersionStatus,
  importedBy: z.string().nullable(),
  importedAt: z.string(),
  activatedBy: z.string().nullable(),
  activatedAt: z.string().nullable(),
  retiredBy: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const CellView = z.object({
  ref: z.string(),
  indicator: z.string(),
  column: z.string(),
  type: z.enum(['decimal', 'integer', 'text', 'code']),
  decimals: z.number().int().nullable(),
  /** entered: the unit fills it; the others are filled by the platform. */
  source: z.enum(['entered', 'previous_period', 'last_year', 'ytd', 'formula']),
  formula: z.string().nullable(),
  dependsOn: z.array(z.string()),
});

export const VersionDetail = VersionSummary.extend({
  formCode: z.string(),
  surveyCode: z.string(),
  definition: FormDefinition,
  /** Every cell in evaluation order, with where its value comes from. */
  cells: z.array(CellView),
  sourceFormat: z.enum(['yaml', 'json']),
  /** The text as imported (designers and administrators only). */
  sourceText: z.string().nullable(),
});
export type VersionDetail = z.infer<typeof VersionDetail>;

export const ScopeRulesView = z.object({
  rules: z.array(ScopeRule),
  origin: z.enum(['definition', 'manual']),
  setBy: z.string().nullable(),
  setAt: z.string(),
});

export const FormSummary = z.object({
  id: z.string(),
  surveyId: z.string(),
  surveyCode: z.string(),
  code: z.string(),
  name: LocalText,
  frequency: z.enum(FREQUENCIES),
  deadline: DeadlineRule,
  deadlineText: Bilingual,
  reportingUnitType: LocalText,
  unit: LocalText.nullable(),
  activeVersions: z.array(
    z.object({ id: z.string(), number: z.number().int(), from: z.string(), until: z.string().nullable() }),
  ),
  latestVersion: z.object({ id: z.string(), number: z.number().int(), status: VersionStatus }).nullable(),
});
export type FormSummary = z.infer<typeof FormSummary>;

export const FormDetail = FormSummary.extend({
  versions: z.array(VersionSummary),
  scopeRules: ScopeRulesView.nullable(),
});

export const SurveyView = z.object({
  id: z.string(),
  code: z.string(),
  name: LocalText,
  issuer: LocalText,
  documentNumber: z.string().nullable(),
  approvedBy: LocalText.nullable(),
  approvalNumber: z.string().nullable(),
  validUntil: z.string().nullable(),
  forms: z.array(FormSummary),
});

export const FormsQuery = z.strictObject({ surveyId: z.uuid().optional() });

export const ImportQuery = z.strictObject({
  /** Check only: report errors (or success) without writing anything. */
  dryRun: z.enum(['true', 'false']).optional(),
});

export const CheckResult = z.object({
  ok: z.boolean(),
  errors: z.array(DefinitionErrorView),
  formCode: z.string().nullable(),
  versionNumber: z.number().int().nullable(),
});

export const PeriodsQuery = z.strictObject({ from: PeriodText.optional(), to: PeriodText.optional() });

export const PeriodView = z.object({
  period: z.string(),
  start: z.string(),
  end: z.string(),
  /** The deadline instant (ISO 8601, UTC); its rule is in Beijing time. */
  deadline: z.string(),
  versionId: z.string().nullable(),
  versionNumber: z.number().int().nullable(),
});

export const PeriodList = z.object({
  formId: z.string(),
  frequency: z.enum(FREQUENCIES),
  deadlineText: Bilingual,
  items: z.array(PeriodView),
});

export const ScopeQuery = z.strictObject({
  period: PeriodText,
  /** Part of a name or credit code. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const ExpectedUnit = z.object({
  unitId: z.string(),
  creditCode: z.string(),
  name: z.string(),
  townshipCode: z.string(),
  countyCode: z.string(),
  industryCode: z.string(),
  sizeClass: z.string().nullable(),
  /** Why the unit must report: a scope rule, or a manual addition. */
  basis: z.enum(['rule', 'added']),
});

export const ScopePage = z.object({
  formId: z.string(),
  period: z.string(),
  /** Whether an active version of the form covers the period. */
  inForce: z.boolean(),
  versionId: z.string().nullable(),
  counts: z.object({
    expected: z.number().int(),
    matchedByRules: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
  }),
  items: z.array(ExpectedUnit),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ScopePage = z.infer<typeof ScopePage>;

export const SetScopeRulesRequest = z.strictObject({ rules: z.array(ScopeRule).max(50) });

export const CreateOverrideRequest = z.strictObject({
  unitId: z.uuid(),
  action: z.enum(['add', 'remove']),
  reason: z.string().trim().min(2).max(500),
  fromPeriod: PeriodText,
  untilPeriod: PeriodText.optional(),
});

export const RevokeOverrideRequest = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const OverrideView = z.object({
  id: z.string(),
  formId: z.string(),
  unitId: z.string(),
  unitName: z.string().nullable(),
  creditCode: z.string().nullable(),
  action: z.enum(['add', 'remove']),
  reason: z.string(),
  fromPeriod: z.string(),
  untilPeriod: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type OverrideView = z.infer<typeof OverrideView>;

export const OverrideQuery = z.strictObject({ includeRevoked: z.enum(['true', 'false']).optional() });

export const IdParam = z.strictObject({ id: z.uuid() });
