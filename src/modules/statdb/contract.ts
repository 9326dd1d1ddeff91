/**
 * The statistical database's API contract (zod): indicator metadata, observations with their
 * vintages, derived figures and seasonal adjustment. The web app imports these too.
 */
import { z } from 'zod';

/** The dimensions a series can be broken down by (分组维度), each with its code list. */
export const DIMENSIONS = ['region', 'industry', 'size', 'regtype'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const FREQUENCY_CODES = ['M', 'Q', 'A'] as const;
export type FrequencyCode = (typeof FREQUENCY_CODES)[number];

/** 数据状态: 初步 (preliminary), 修订 (revised), 最终 (final). */
export const STATUSES = ['preliminary', 'revised', 'final'] as const;
export type ObservationStatus = (typeof STATUSES)[number];

/**
 * What the figures of an indicator are, which decides the derived figures: a flow (流量, e.g.
 * 社会消费品零售总额) has 同比, 环比 and 累计; a stock (存量, e.g. 年末人口) 同比 and 环比; an index or
 * rate (指数/比率, e.g. CPI 上年同月=100) none — it is already a comparison.
 */
export const KINDS = ['flow', 'stock', 'index'] as const;
export type IndicatorKind = (typeof KINDS)[number];

const LocalText = z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) });
const LongText = z.object({ zh: z.string().max(4000), en: z.string().max(4000) });

export const IndicatorCode = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a code: a letter, then letters, digits, _ . - (≤ 64)');

/** An indicator's metadata (指标元数据), as other modules and the API define it. */
export const IndicatorDefinition = z.strictObject({
  code: IndicatorCode,
  name: LocalText,
  unit: LocalText,
  /** 指标解释: what is counted and how. */
  definition: LongText,
  /** 资料来源: the survey or administrative source. */
  source: z.string().min(1).max(500),
  frequency: z.enum(FREQUENCY_CODES),
  kind: z.enum(KINDS),
  /** Digits after the point the bureau prints (values are kept exactly as given). */
  decimals: z.number().int().min(0).max(6),
  footnotes: z.array(LongText).max(20).default([]),
  /** The dimensions its series are broken down by, e.g. ['region'] or ['region', 'industry']. */
  dimensions: z
    .array(z.enum(DIMENSIONS))
    .max(DIMENSIONS.length)
    .refine((a) => new Set(a).size === a.length, 'each dimension once'),
});
export type IndicatorDefinition = z.input<typeof IndicatorDefinition>;

export const IndicatorView = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  unit: z.object({ zh: z.string(), en: z.string() }),
  definition: z.object({ zh: z.string(), en: z.string() }),
  source: z.string(),
  frequency: z.enum(FREQUENCY_CODES),
  kind: z.enum(KINDS),
  decimals: z.number().int(),
  footnotes: z.array(z.object({ zh: z.string(), en: z.string() })),
  dimensions: z.array(z.enum(DIMENSIONS)),
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** First and last period with a value (null when the indicator has no observations yet). */
  firstPeriod: z.string().nullable(),
  lastPeriod: z.string().nullable(),
});
export type IndicatorView = z.infer<typeof IndicatorView>;

export const IndicatorList = z.object({ items: z.array(IndicatorView) });
export const IndicatorQuery = z.object({
  q: z.string().max(100).optional().describe('matches code or name (zh or en)'),
});
export const IndicatorParams = z.object({ code: IndicatorCode });
export const DefineIndicators = z.strictObject({ indicators: z.array(IndicatorDefinition).min(1).max(500) });
export const DefineResult = z.object({ created: z.number().int(), updated: z.number().int() });

export const CodeView = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  /** The code this one rolls up into (county → city, industry division → section), if any. */
  parent: z.string().nullable(),
  level: z.string(),
});
export const DimensionView = z.object({
  dimension: z.enum(DIMENSIONS),
  name: z.object({ zh: z.string(), en: z.string() }),
  /** The code a query uses when it does not name this dimension (the whole: city or total). */
  defaultCode: z.string(),
  codes: z.array(CodeView),
});
export const DimensionList = z.object({ items: z.array(DimensionView) });

const PeriodText = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, 'a period such as 2026-10, 2026Q3 or 2026')
  .describe('报告期: 2026-10 (monthly), 2026Q3 (quarterly) or 2026 (annual)');
const CodeSelection = z
  .string()
  .max(4000)
  .regex(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, 'codes separated by commas, or "all"')
  .optional();

/** A selection: one indicator, codes per dimension (a comma list or `all`), a period range. */
export const ObservationQuery = z.object({
  indicator: IndicatorCode,
  region: CodeSelection.describe('region codes (division codes), comma-separated, or all'),
  industry: CodeSelection.describe('industry codes (total, GB/T 4754 sections/divisions, groupings) or all'),
  size: CodeSelection.describe('size classes (total, large, medium, small, micro) or all'),
  regtype: CodeSelection.describe('registration type codes (total, 110 …) or all'),
  from: PeriodText.optional(),
  to: PeriodText.optional(),
  asOf: z.iso.datetime({ offset: true }).optional().describe('the database as it stood at this instant'),
});
export type ObservationQuery = z.infer<typeof ObservationQuery>;

const Decimal = z.string().describe('an exact decimal as text');

export const PointView = z.object({
  period: z.string(),
  value: Decimal.nullable(),
  status: z.enum(STATUSES),
  note: z.string().nullable(),
  /** 同比增长 (%): over the same period last year, rounded to 0.1 as releases print. */
  yoy: Decimal.nullable(),
  /** 环比增长 (%): over the previous period. */
  pop: Decimal.nullable(),
  /** 累计 (1–m月): year-to-date sum of a flow indicator. */
  ytd: Decimal.nullable(),
  /** 累计增长 (%): the year-to-date sum over last year's. */
  ytdYoy: Decimal.nullable(),
});
export type PointView = z.infer<typeof PointView>;

export const SeriesView = z.object({
  dims: z.record(z.string(), z.string()),
  points: z.array(PointView),
});
export const ObservationPage = z.object({
  indicator: IndicatorView,
  asOf: z.string().nullable(),
  series: z.array(SeriesView),
});

/** One series (every dimension a single code) for seasonal adjustment and vintages. */
export const SeriesQuery = ObservationQuery;

export const SeasonalView = z.object({
  indicator: z.string(),
  dims: z.record(z.string(), z.string()),
  /** Why no adjustment was made (annual series, too short, gaps); null when it was. */
  note: z.object({ zh: z.string(), en: z.string() }).nullable(),
  parameters: z.record(z.string(), z.union([z.number(), z.boolean()])).nullable(),
  points: z.array(
    z.object({
      period: z.string(),
      value: z.number().nullable(),
      trend: z.number().nullable(),
      seasonal: z.number().nullable(),
      /** 季节调整后: value − seasonal. */
      adjusted: z.number().nullable(),
    }),
  ),
});

export const VintageQuery = ObservationQuery.omit({ from: true, to: true, asOf: true }).extend({
  period: PeriodText,
});
export const VintageView = z.object({
  value: Decimal.nullable(),
  status: z.enum(STATUSES),
  note: z.string().nullable(),
  source: z.string(),
  recordedBy: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export const VintageList = z.object({
  indicator: z.string(),
  dims: z.record(z.string(), z.string()),
  period: z.string(),
  items: z.array(VintageView),
});

export const ImportQuery = z.object({
  layout: z.enum(['long', 'wide']).optional().describe('long: one row per value; wide: yearbook table'),
  indicator: IndicatorCode.optional().describe('wide layout: the indicator of the table'),
  status: z.enum(STATUSES).optional().describe('wide layout: status of every value (default final)'),
  region: z.string().max(64).optional().describe('wide layout: fixed code of a dimension not in the rows'),
  industry: z.string().max(64).optional(),
  size: z.string().max(64).optional(),
  regtype: z.string().max(64).optional(),
  source: z.string().max(200).optional().describe('where the figures come from (e.g. 宁波统计年鉴2024)'),
});
export const ImportResult = z.object({
  rows: z.number().int(),
  written: z.number().int(),
  unchanged: z.number().int(),
  indicators: z.array(z.string()),
});

/** One problem of an import or a publish: where (row and column, or item index) and why. */
export const ObservationProblem = z.object({
  row: z.number().int().describe('file row (1 = header) or, for the API, the item index + 1'),
  column: z.string().nullable(),
  code: z.string(),
  value: z.string().nullable(),
  messages: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
});
export type ObservationProblem = z.infer<typeof ObservationProblem>;
