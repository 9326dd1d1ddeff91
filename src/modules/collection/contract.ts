/** Collection API contract (zod): shared by routes and the web app. */
import { z } from 'zod';
// The survey module's published contract: an entry cell is its cell layout plus values.
import { CellView } from '../surveys/contract.ts';

const Bilingual = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const LocalText = z.object({ zh: z.string(), en: z.string() });

export const SUBMISSION_STATUSES = ['not_started', 'draft', 'submitted', 'returned', 'approved'] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);

const PeriodText = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, 'a period such as 2026-10, 2026Q3 or 2026')
  .describe('报告期: 2026-10 (monthly), 2026Q3 (quarterly) or 2026 (annual)');

export const SubmissionParams = z.object({ formId: z.uuid(), period: PeriodText });

export const UnitQuery = z.object({
  /** The reporting unit; an enterprise reporter's own unit when absent. */
  unitId: z.uuid().optional(),
});

export const TaskQuery = UnitQuery.extend({
  /** Only forms of this period's frequency, for this period; else each form's current reporting period. */
  period: PeriodText.optional(),
});

export const WindowView = z.object({
  /** When reporting opens (the period has ended). */
  opensAt: z.string(),
  /** 报送截止时间 */
  deadline: z.string(),
  /** When reporting closes (deadline + grace), unless closed earlier by hand. */
  closesAt: z.string(),
  state: z.enum(['not_open', 'open', 'closed']),
  /** Closed by an office before the grace ended. */
  closedByOffice: z.boolean(),
});

export const TaskItem = z.object({
  formId: z.string(),
  formCode: z.string(),
  surveyCode: z.string(),
  name: LocalText,
  frequency: z.enum(['monthly', 'quarterly', 'annual']),
  period: z.string(),
  status: SubmissionStatus,
  window: WindowView,
  /** Not submitted by the deadline, or submitted after it. */
  late: z.boolean(),
  submittedAt: z.string().nullable(),
  /** In the form's reporting scope (应报); false when the unit reports without being expected. */
  expected: z.boolean(),
  /** Failing checks from the last save: fatal and verify counts. */
  openProblems: z.object({ fatal: z.number().int(), verify: z.number().int() }),
  /** 退回理由: why review returned the form, while it is returned. */
  returnReason: z.string().nullable(),
});

export const TaskList = z.object({
  unitId: z.string(),
  unitName: z.string(),
  items: z.array(TaskItem),
});

export const RuleResultView = z.object({
  ruleId: z.string(),
  severity: z.enum(['fatal', 'verify', 'hint']),
  outcome: z.enum(['pass', 'fail', 'na']),
  /** The values the rule read (canonical text; null = missing). */
  values: z.record(z.string(), z.string().nullable()),
  message: Bilingual.nullable(),
  reason: Bilingual.nullable(),
  /** 说明: the unit's explanation (verify failures). */
  explanation: z.string().nullable(),
});
export type RuleResultView = z.infer<typeof RuleResultView>;

export const ExplanationView = z.object({
  ruleId: z.string(),
  body: z.string(),
  writtenBy: z.string().nullable(),
  writtenAt: z.string(),
});

export const SubmissionView = z.object({
  unitId: z.string(),
  formId: z.string(),
  formCode: z.string(),
  period: z.string(),
  status: SubmissionStatus,
  /** Row version for optimistic concurrency: send it back with the next save (0 = not started). */
  version: z.number().int(),
  /** Number of the latest saved version (0 = never saved). */
  lastSeq: z.number().int(),
  formVersion: z.object({ id: z.string(), number: z.number().int() }).nullable(),
  late: z.boolean(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  window: WindowView,
  /** Every non-blank cell, entered and computed. */
  values: z.record(z.string(), z.string()),
  results: z.array(RuleResultView),
  counts: z.object({
    fatal: z.number().int(),
    verify: z.number().int(),
    hint: z.number().int(),
    na: z.number().int(),
  }),
});
export type SubmissionView = z.infer<typeof SubmissionView>;

/** A cell of the entry form: the survey's cell layout plus this unit's values beside it. */
export const EntryCell = CellView.extend({
  value: z.string().nullable(),
  /** 上期 */
  previous: z.string().nullable(),
  /** 上年同期 */
  lastYear: z.string().nullable(),
});

export const EntryView = SubmissionView.extend({
  unitName: z.string(),
  previousPeriod: z.string(),
  lastYearPeriod: z.string(),
  /** Whether the unit reported the previous period / the same period last year (a report may leave every cell blank). */
  previousReported: z.boolean(),
  lastYearReported: z.boolean(),
  /** 退回理由: why review returned the form, while it is returned. */
  returnReason: z.string().nullable(),
  /** The form definition in force for the period (layout, indicators, rules). */
  definition: z.record(z.string(), z.unknown()),
  cells: z.array(EntryCell),
  explanations: z.array(ExplanationView),
});

const CellValue = z.union([z.string().max(4000), z.number(), z.null()]);
const Values = z
  .record(z.string().max(80), CellValue)
  .refine((v) => Object.keys(v).length <= 20_000, 'at most 20,000 cells')
  .describe('Cell values by `indicator.column`: text ("1250.5") or numbers; null or "" clears a cell');
const Explanations = z
  .record(z.string().max(80), z.string().max(2000))
  .refine((v) => Object.keys(v).length <= 1000, 'at most 1,000 explanations')
  .describe('说明 by rule id, for failing verify checks');

export const SaveDraftRequest = z.strictObject({
  /** Changed cells only: cells not named keep their saved value. */
  values: Values,
  explanations: Explanations.optional(),
  /** The `version` last read; a save over someone else's change is refused (409). */
  version: z.number().int().min(0).optional(),
  reason: z.enum(['autosave', 'save']).default('autosave'),
});

export const SubmitRequest = z.strictObject({
  /** The complete entered values (replacing the draft); absent = submit the saved draft. */
  values: Values.optional(),
  explanations: Explanations.optional(),
  version: z.number().int().min(0).optional(),
});

export const VersionItem = z.object({
  seq: z.number().int(),
  reason: z.enum(['autosave', 'save', 'submit', 'api']),
  status: SubmissionStatus,
  formVersionId: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});

export const VersionDetail = VersionItem.extend({
  values: z.record(z.string(), z.string()),
  explanations: z.record(z.string(), z.string()),
});

export const DiffQuery = UnitQuery.extend({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

export const VersionParams = SubmissionParams.extend({ seq: z.coerce.number().int().min(1) });

export const DiffView = z.object({
  from: VersionItem,
  to: VersionItem,
  changes: z.array(
    z.object({ cell: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
  ),
  explanationChanges: z.array(
    z.object({ ruleId: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
  ),
});

/** What a batch re-check of a period did (批量重新审核). */
export const RecheckReport = z.object({
  formId: z.uuid(),
  formCode: z.string(),
  period: z.string(),
  formVersion: z.object({ id: z.uuid(), number: z.number().int() }),
  rules: z.number().int().describe('Rules in the set in force'),
  checked: z.number().int().describe('Submissions checked'),
  ruleEvaluations: z.number().int(),
  rewritten: z.number().int().describe('Submissions whose stored results changed'),
  skipped: z.number().int().describe('Submissions saved while the re-check ran (their save checked them)'),
  newlyFailing: z.number().int().describe('Rule results that fail now and did not before'),
  newlyPassing: z.number().int().describe('Rule results that failed before and no longer fail'),
  seconds: z.number(),
  engineSeconds: z.number().describe('Time in the rule engine alone'),
});
export type RecheckReport = z.infer<typeof RecheckReport>;

export const CloseRequest = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const ClosureView = z.object({
  formId: z.string(),
  period: z.string(),
  closed: z.boolean(),
  reason: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
});

export const WindowSettings = z.strictObject({
  /** 宽限期: days after the deadline during which late reports are still accepted. */
  graceDays: z.number().int().min(0).max(366),
});

/** A statistician's view of one form and period in their area (报送情况). */
export const AreaQuery = z.object({
  formId: z.uuid(),
  period: PeriodText,
  status: SubmissionStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const AreaItem = z.object({
  unitId: z.string(),
  creditCode: z.string(),
  name: z.string(),
  townshipCode: z.string(),
  status: SubmissionStatus,
  late: z.boolean(),
  submittedAt: z.string().nullable(),
  openProblems: z.object({ fatal: z.number().int(), verify: z.number().int() }),
});

export const AreaPage = z.object({
  formId: z.string(),
  formCode: z.string(),
  period: z.string(),
  window: WindowView,
  /** Expected reporters (应报) in the area by status; late counts units past the deadline without a report or that reported after it. */
  counts: z.object({
    expected: z.number().int(),
    not_started: z.number().int(),
    draft: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    approved: z.number().int(),
    late: z.number().int(),
  }),
  items: z.array(AreaItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const CheckRequest = z.strictObject({
  /** The complete entered values to check (nothing is saved). */
  values: Values,
  explanations: Explanations.optional(),
});

export const CellIssueView = z.object({
  cell: z.string(),
  code: z.string(),
  message: Bilingual,
});

/** What a submission of these values would meet, without saving anything. */
export const CheckResult = z.object({
  /** Cells whose values are wrong (they count as blank in the checks below). */
  cellIssues: z.array(CellIssueView),
  /** Required cells left blank. */
  blankRequired: z.array(z.string()),
  /** Every cell after computation. */
  values: z.record(z.string(), z.string()),
  results: z.array(RuleResultView),
  counts: z.object({
    fatal: z.number().int(),
    verify: z.number().int(),
    hint: z.number().int(),
    na: z.number().int(),
  }),
  /** Failing verify rules without an explanation. */
  missingExplanations: z.array(z.string()),
  /** Whether submitting these values would pass the checks (window and status aside). */
  submittable: z.boolean(),
});
