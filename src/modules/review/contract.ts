/** Review API contract (zod): shared by routes and the web app. */
import { z } from 'zod';
import { LEVELS } from './domain/levels.ts';
import { VIOLATION_STATES } from './domain/violations.ts';

const Bilingual = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Reason = z.string().trim().min(1).max(1000);

export const ReviewLevel = z.enum(LEVELS);
const PeriodText = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, 'a period such as 2026-10, 2026Q3 or 2026')
  .describe('报告期: 2026-10, 2026Q3 or 2026');

export const SubmissionParams = z.object({ unitId: z.uuid(), formId: z.uuid(), period: PeriodText });
export const QueryParams = SubmissionParams.extend({ queryId: z.uuid() });
export const RuleParams = SubmissionParams.extend({ ruleId: z.string().min(1).max(80) });
export const FormParams = z.object({ formId: z.uuid() });

export const LevelsView = z.object({
  formId: z.string(),
  /** Lowest first; the last level's approval is final. */
  levels: z.array(ReviewLevel),
  isDefault: z.boolean(),
});
export const LevelsRequest = z.strictObject({ levels: z.array(ReviewLevel).min(1).max(3) });

export const ReviewStateView = z.object({
  level: ReviewLevel,
  status: z.enum(['pending', 'returned', 'approved']),
  round: z.number().int(),
  /** Send it back with a decision; a decision over someone else's is refused (409 review.conflict). */
  version: z.number().int(),
});

export const OpenProblems = z.object({
  /** Failing rules by severity. */
  fatal: z.number().int(),
  verify: z.number().int(),
  hint: z.number().int(),
  /** Explanations rejected and not yet rewritten. */
  rejectedExplanations: z.number().int(),
  /** Explanations written (or rewritten) and not yet judged: the reviewer's to do. */
  pendingExplanations: z.number().int(),
  openQueries: z.number().int(),
  /** Open queries whose last word is the reviewer's. */
  unansweredQueries: z.number().int(),
});

export const ListQuery = z.object({
  period: PeriodText,
  formId: z.uuid().optional(),
  status: z.enum(['pending', 'returned', 'approved']).optional(),
  level: ReviewLevel.optional(),
  /** Only submissions waiting at the caller's own level. */
  mine: z.enum(['true', 'false']).optional(),
  divisionCode: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  /** Part of the unit's name, or the start of its credit code. */
  q: z.string().trim().min(1).max(100).optional(),
  /** Only submissions with at least one anomalous value (异常值). */
  anomalies: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const ReviewItem = z.object({
  unitId: z.string(),
  unitName: z.string(),
  townshipCode: z.string(),
  formId: z.string(),
  formCode: z.string(),
  period: z.string(),
  /** Collection's status of the submission. */
  status: z.enum(['submitted', 'returned', 'approved']),
  submissionVersion: z.number().int(),
  late: z.boolean(),
  submittedAt: z.string().nullable(),
  review: ReviewStateView,
  openProblems: OpenProblems,
  /** Cells flagged as anomalous (HB edit or modified z-score on period ratios); see …/anomalies. */
  anomalies: z.number().int(),
});

export const ReviewPage = z.object({
  items: z.array(ReviewItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Over the whole area and form (before the status, level and mine filters). */
  counts: z.object({
    pending: z.object({ township: z.number().int(), county: z.number().int(), city: z.number().int() }),
    returned: z.number().int(),
    approved: z.number().int(),
  }),
});

export const DecisionView = z.object({
  seq: z.number().int(),
  round: z.number().int(),
  level: ReviewLevel,
  decision: z.enum(['approve', 'return_to_unit', 'return_to_level', 'reopen']),
  toLevel: ReviewLevel.nullable(),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  decidedAt: z.string(),
});

export const QueryMessageView = z.object({
  seq: z.number().int(),
  authorName: z.string().nullable(),
  authorRole: z.string(),
  body: z.string(),
  writtenAt: z.string(),
});

export const QueryView = z.object({
  id: z.string(),
  cell: z.string(),
  level: ReviewLevel,
  status: z.enum(['open', 'closed']),
  openedBy: z.string().nullable(),
  openedAt: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  messages: z.array(QueryMessageView),
});

export const ExplanationVerdictView = z.object({
  verdict: z.enum(['accepted', 'rejected']),
  note: z.string().nullable(),
  /** The explanation the verdict was given on; a rewritten explanation is judged afresh. */
  explanation: z.string(),
  current: z.boolean(),
  level: z.string().nullable(),
  reviewerName: z.string().nullable(),
  reviewedAt: z.string(),
});

/** A failing rule, its message with the values, and the unit's explanation side by side. */
export const FailedRuleView = z.object({
  ruleId: z.string(),
  severity: z.enum(['fatal', 'verify', 'hint']),
  message: Bilingual.nullable(),
  values: z.record(z.string(), z.string().nullable()),
  explanation: z.string().nullable(),
  explanationBy: z.string().nullable(),
  verdict: ExplanationVerdictView.nullable(),
});

const Basis = z.enum(['previous', 'last_year']);

const FindingBase = z.object({
  /** The period compared with: 上期 (previous) or 上年同期 (last_year), and its text. */
  basis: Basis,
  basePeriod: z.string(),
  value: z.number(),
  base: z.number(),
  ratio: z.number(),
  /** How far past the limit, in multiples of the limit's distance from the centre (> 1). */
  strength: z.number(),
  /** Why, with the figures, in both languages. */
  reason: Bilingual,
});

/** One test that flagged a value: the Hidiroglou–Berthelot edit or the modified z-score. */
export const AnomalyFinding = z.discriminatedUnion('test', [
  FindingBase.extend({
    test: z.literal('hb'),
    side: z.enum(['low', 'high']),
    medianRatio: z.number(),
    effect: z.number(),
    lower: z.number(),
    upper: z.number(),
  }),
  FindingBase.extend({
    test: z.literal('mz'),
    score: z.number(),
    threshold: z.number(),
    median: z.number(),
    scale: z.object({ kind: z.enum(['mad', 'mean_absolute_deviation']), value: z.number() }),
  }),
]);

/** A unit's anomalous value (异常值) and every test that flagged it. */
export const CellAnomaly = z.object({
  cell: z.string(),
  indicator: z.string(),
  column: z.string(),
  value: z.number(),
  /** The approved value of the previous period / same period last year, when a test used it. */
  previous: z.number().nullable(),
  lastYear: z.number().nullable(),
  strength: z.number(),
  findings: z.array(AnomalyFinding),
});

export const ReviewDetail = ReviewItem.extend({
  levels: z.array(ReviewLevel),
  /** Last reason given (return or reopening). */
  reason: z.string().nullable(),
  values: z.record(z.string(), z.string()),
  failedRules: z.array(FailedRuleView),
  decisions: z.array(DecisionView),
  queries: z.array(QueryView),
  /** Anomalous values, strongest first (empty for the unit's own reporter). */
  anomalies: z.array(CellAnomaly),
});

export const DecisionRequest = z
  .strictObject({
    decision: z.enum(['approve', 'return']),
    /** For a return: 'unit' (退回企业) or a lower level by name. */
    to: z.union([z.literal('unit'), ReviewLevel]).optional(),
    reason: Reason.optional(),
    /** The review `version` read: a decision over someone else's is refused (409). */
    version: z.number().int().min(0),
    /** The `submissionVersion` read: a decision on contents changed since (resubmitted) is refused (409). */
    submissionVersion: z.number().int().min(0).optional(),
  })
  .describe('Approve at the current level, or return to the unit or a lower level with a reason');

export const ReopenRequest = z.strictObject({ reason: Reason, version: z.number().int().min(0) });

export const NewQueryRequest = z.strictObject({
  cell: z.string().min(1).max(80).describe('The cell asked about, `indicator.column`'),
  body: z.string().trim().min(1).max(2000),
});
export const ReplyRequest = z.strictObject({ body: z.string().trim().min(1).max(2000) });

export const VerdictRequest = z.strictObject({
  verdict: z.enum(['accepted', 'rejected']),
  note: z.string().trim().max(1000).optional(),
});

export const ViolationQuery = z.object({
  period: PeriodText,
  formId: z.uuid().optional(),
  severity: z.enum(['fatal', 'verify', 'hint']).optional(),
  state: z.enum(VIOLATION_STATES).optional(),
  divisionCode: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  ruleId: z.string().min(1).max(80).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const ViolationExportQuery = ViolationQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

export const ViolationView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  townshipCode: z.string(),
  formId: z.string(),
  formCode: z.string(),
  period: z.string(),
  ruleId: z.string(),
  severity: z.enum(['fatal', 'verify', 'hint']),
  state: z.enum(VIOLATION_STATES),
  message: Bilingual.nullable(),
  values: z.record(z.string(), z.string().nullable()),
  explanation: z.string().nullable(),
  verdict: z.enum(['accepted', 'rejected']).nullable(),
  note: z.string().nullable(),
});
export type ViolationView = z.infer<typeof ViolationView>;

const StateCounts = z.object({
  open: z.number().int(),
  explained: z.number().int(),
  accepted: z.number().int(),
  corrected: z.number().int(),
});

export const ViolationPage = z.object({
  items: z.array(ViolationView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Counts over every filter but state, so each state's tab shows its number. */
  counts: z.object({
    byState: StateCounts,
    bySeverity: z.object({ fatal: z.number().int(), verify: z.number().int(), hint: z.number().int() }),
  }),
});

export const InboxQuery = z.object({ period: PeriodText.optional() });
export const InboxView = z.object({
  unitId: z.string(),
  items: z.array(
    z.object({
      formId: z.string(),
      period: z.string(),
      /** 退回: the reason, who returned it and when (until the unit submits again). */
      returned: z
        .object({ reason: z.string().nullable(), by: z.string().nullable(), at: z.string() })
        .nullable(),
      openQueries: z.array(z.object({ id: z.string(), cell: z.string(), openedAt: z.string() })),
      rejectedExplanations: z.array(z.object({ ruleId: z.string(), note: z.string().nullable() })),
    }),
  ),
});

export const AnomalyParams = z.object({ formId: z.uuid(), period: PeriodText });
export const AnomalyQuery = z.object({
  divisionCode: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  unitId: z.uuid().optional(),
  /** One cell, `indicator.column`. */
  cell: z.string().min(1).max(80).optional(),
  test: z.enum(['hb', 'mz']).optional(),
  basis: Basis.optional(),
  sort: z.enum(['strength', 'unit', 'cell']).default('strength'),
  order: z.enum(['asc', 'desc']).optional().describe('strength: desc by default; unit and cell: asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const AnomalyExportQuery = AnomalyQuery.omit({ page: true, pageSize: true });

export const AnomalyView = CellAnomaly.extend({
  unitId: z.string(),
  unitName: z.string(),
  townshipCode: z.string(),
  formId: z.string(),
  formCode: z.string(),
  period: z.string(),
});
export type AnomalyView = z.infer<typeof AnomalyView>;

/** What was tested for one cell against one base period (over every unit, whatever the area). */
export const CellTestView = z.object({
  cell: z.string(),
  basis: Basis,
  basePeriod: z.string(),
  /** Units with a positive value in both periods: the population of the bounds. */
  pairs: z.number().int(),
  /** Not tested: fewer pairs than `minPairs`. */
  skipped: z.enum(['too_few_pairs']).nullable(),
  hb: z
    .union([
      z.object({ flagged: z.number().int(), medianRatio: z.number(), lower: z.number(), upper: z.number() }),
      z.literal('no_spread'),
    ])
    .nullable(),
  mz: z
    .union([
      z.object({ flagged: z.number().int(), median: z.number(), scale: z.number() }),
      z.literal('no_spread'),
    ])
    .nullable(),
});

export const AnomalyPage = z.object({
  items: z.array(AnomalyView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Units in your area with anomalous values (under the filter). */
  units: z.number().int(),
  /** Units that handed the form in this period (all areas: the reference population). */
  reporting: z.number().int(),
  /** Cells with fewer units than this having values in both periods are not tested. */
  minPairs: z.number().int(),
  tests: z.array(CellTestView),
});
