/** Aggregation contract: request and response schemas (zod), also imported by the web app. */
import { z } from 'zod';

const Label = z.object({ zh: z.string(), en: z.string() });
const uuid = z.string().uuid();
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/;

export const FormPeriodParams = z.object({
  formId: uuid,
  period: z.string().regex(PERIOD, 'period: 2026-10, 2026Q3 or 2026'),
});
export const FormParams = z.object({ formId: uuid });

export const ROW_LEVELS = ['city', 'county', 'township'] as const;
export const COLUMN_DIMENSIONS = [
  'section',
  'division',
  'group',
  'class',
  'grouping',
  'size',
  'registration',
] as const;

/** What a summary table (汇总表) shows. */
export const TableQuery = z.object({
  item: z
    .string()
    .min(1)
    .max(80)
    .describe('An additive item of the form, `indicator.column` (e.g. A01.current)'),
  rows: z.enum(ROW_LEVELS).default('county').describe('Rows by this division level'),
  cols: z.enum(COLUMN_DIMENSIONS).optional().describe('Columns by this dimension (none: a one-way table)'),
  region: z
    .string()
    .regex(/^\d{6}(\d{3})?$/, 'region: a 6- or 9-digit division code')
    .optional()
    .describe('The region the table totals (default: your own division, or the city)'),
  asOf: z.string().datetime({ offset: true }).optional().describe('As known at this time (vintages)'),
  comparable: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Also growth on the comparable base (同口径)'),
  view: z
    .enum(['bureau', 'public'])
    .optional()
    .describe(
      'public: as published outside the bureau (disclosure control); enterprise accounts always get it',
    ),
});

export const TableCell = z.object({
  value: z.string().nullable(),
  units: z.number().int().nullable(),
  lastYear: z.string().nullable(),
  growth: z.string().nullable(),
  comparableGrowth: z.string().nullable(),
  /** 比重 (%) in the parent: the row's total for a body cell, the grand total for a margin. */
  share: z.string().nullable(),
  /** 贡献率 (%) to the parent's growth. */
  contribution: z.string().nullable(),
  /** 拉动 (percentage points) of the parent's growth. */
  pull: z.string().nullable(),
  status: z.enum(['published', 'primary', 'secondary', 'empty']),
});

export const TableView = z.object({
  form: z.object({ id: uuid, code: z.string(), name: Label }),
  item: z.object({ code: z.string(), name: Label, unit: Label.nullable() }),
  period: z.string(),
  lastYearPeriod: z.string(),
  region: z.object({ code: z.string(), level: z.enum(ROW_LEVELS), name: z.string() }),
  rowLevel: z.enum(ROW_LEVELS),
  colDimension: z.enum(COLUMN_DIMENSIONS).nullable(),
  rows: z.array(z.object({ code: z.string(), name: Label })),
  cols: z.array(z.object({ code: z.string(), name: Label })),
  cells: z.array(z.array(TableCell)),
  disclosure: z.enum(['bureau', 'public']),
  suppressed: z.number().int(),
  asOf: z.string().nullable(),
  signOffs: z.array(z.object({ seq: z.number().int(), signedAt: z.string(), signedBy: z.string() })),
});
export type TableView = z.infer<typeof TableView>;

export const ItemView = z.object({
  code: z.string(),
  indicator: z.string(),
  column: z.string(),
  name: Label,
  unit: Label.nullable(),
});

export const FormSummary = z.object({
  id: uuid,
  code: z.string(),
  name: Label,
  frequency: z.string(),
  periods: z.array(
    z.object({
      period: z.string(),
      units: z.number().int(),
      signedOff: z.string().nullable(),
    }),
  ),
});

export const FormItemsView = z.object({
  form: z.object({ id: uuid, code: z.string(), name: Label }),
  items: z.array(ItemView),
});

export const SeriesQuery = z.object({
  item: z.string().min(1).max(80),
  cut: z.string().min(1).max(60).default('city'),
  cell: z
    .string()
    .max(60)
    .optional()
    .describe('The cell of the cut (e.g. 330203 or 330200/C); default: your region'),
  seasonal: z.enum(['true', 'false']).default('true'),
});

export const SeriesView = z.object({
  item: z.object({ code: z.string(), name: Label, unit: Label.nullable() }),
  cut: z.string(),
  cell: z.string(),
  frequency: z.number().int(),
  points: z.array(
    z.object({
      period: z.string(),
      value: z.string().nullable(),
      units: z.number().int().nullable(),
      growth: z.string().nullable(),
      seasonallyAdjusted: z.number().nullable(),
      trend: z.number().nullable(),
    }),
  ),
  seasonalNote: z.string().nullable(),
});

export const MicrodataQuery = z.object({
  formId: uuid,
  period: z.string().regex(PERIOD),
  item: z.string().max(80).optional(),
  region: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  industry: z
    .string()
    .regex(/^\d{2,4}$/)
    .optional(),
  unitId: uuid.optional(),
  asOf: z.string().datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const MicrodataRow = z.object({
  unitId: uuid,
  name: z.string(),
  creditCode: z.string(),
  township: z.string(),
  industryClass: z.string(),
  sizeClass: z.string().nullable(),
  registrationType: z.string().nullable(),
  vintage: z.number().int(),
  approvedAt: z.string(),
  approvedBy: z.string(),
  withdrawnAt: z.string().nullable(),
  values: z.record(z.string(), z.string()),
});

export const MicrodataPage = z.object({
  items: z.array(MicrodataRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  asOf: z.string().nullable(),
});

export const VintagesParams = z.object({
  formId: uuid,
  period: z.string().regex(PERIOD),
  unitId: uuid,
});
export const VintagesView = z.object({ items: z.array(MicrodataRow) });

export const SignOffRequest = z.object({ note: z.string().max(500).optional() });
export const SignOffView = z.object({
  seq: z.number().int(),
  signedAt: z.string(),
  signedBy: z.string(),
  note: z.string().nullable(),
  published: z.number().int(),
});
export const SignOffList = z.object({ items: z.array(SignOffView.omit({ published: true })) });

export const RecomputeRequest = z.object({
  formId: uuid.optional(),
  period: z.string().regex(PERIOD).optional(),
});
export const RecomputeView = z.object({
  added: z.number().int(),
  withdrawn: z.number().int(),
  recomputed: z.number().int(),
  millis: z.number(),
});
