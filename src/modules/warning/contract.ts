/**
 * Early-warning API contract (zod): signal systems, their board, alert rules, subscriptions and
 * alerts. The web app imports these too.
 */
import { z } from 'zod';
import { LIGHT_CONDITIONS, LIGHTS, TRANSFORMS } from './domain/terms.ts';

const LocalText = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) });
const Decimal = z
  .string()
  .regex(/^[+-]?\d{1,15}(\.\d{1,6})?$/, 'a decimal such as 12.5 or -3')
  .describe('an exact decimal as text');
const PeriodText = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, 'a period such as 2026-10, 2026Q3 or 2026')
  .describe('报告期: 2026-10 (monthly), 2026Q3 (quarterly) or 2026 (annual)');
const Code = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'a code: a letter, then letters, digits, _ or -');
const Dims = z
  .record(z.string().regex(/^[a-z]{1,20}$/), z.string().min(1).max(40))
  .describe('one code per dimension, e.g. {"region": "330200"}; omitted dimensions take their default');

export const Light = z
  .enum(LIGHTS)
  .describe('过冷 overcold, 偏冷 cold, 正常 normal, 偏热 warm, 过热 overheated');

/** One indicator of a signal system. */
export const SystemIndicatorInput = z.strictObject({
  /** Short key, unique in the system (rows of the board, light rules' target). */
  key: Code,
  indicator: z.string().min(1).max(64).describe('the statistical database’s indicator code'),
  dims: Dims.default({}),
  transform: z.enum(TRANSFORMS).describe('level 水平值, yoy 同比增长 %, mom 环比增长 %'),
  seasonallyAdjusted: z.boolean().default(false).describe('季节调整 (STL) before the transform'),
  boundaries: z
    .array(Decimal)
    .length(4)
    .describe('four increasing boundaries: 过冷|偏冷, 偏冷|正常, 正常|偏热, 偏热|过热'),
  weight: Decimal.default('1'),
});

export const SystemInput = z.strictObject({
  code: Code,
  name: LocalText,
  compositeBoundaries: z
    .array(Decimal)
    .length(4)
    .default(['16', '20', '33', '40'])
    .describe('boundaries of the composite index (10…50), as the national 16 / 20 / 33 / 40'),
  indicators: z.array(SystemIndicatorInput).min(1).max(30),
  /** Alerts fire from this period on (default: the latest period any indicator has). */
  watchFrom: PeriodText.optional(),
  /** For updates: the version read (optimistic concurrency). */
  version: z.number().int().optional(),
});

const SeriesLabel = z.object({ zh: z.string(), en: z.string() });

export const SystemView = z.object({
  id: z.string(),
  code: z.string(),
  name: LocalText,
  frequency: z.enum(['monthly', 'quarterly', 'annual']),
  compositeBoundaries: z.array(z.string()),
  watchFrom: z.string(),
  version: z.number().int(),
  subscribed: z.boolean(),
  indicators: z.array(
    z.object({
      key: z.string(),
      indicator: z.string(),
      dims: z.record(z.string(), z.string()),
      label: SeriesLabel,
      unit: SeriesLabel,
      transform: z.enum(TRANSFORMS),
      seasonallyAdjusted: z.boolean(),
      boundaries: z.array(z.string()),
      weight: z.string(),
    }),
  ),
  updatedAt: z.string(),
});
export const SystemList = z.object({ items: z.array(SystemView) });
export const IdParams = z.object({ id: z.uuid() });
export const Ok = z.object({ ok: z.literal(true) });

export const BoardQuery = z.object({
  periods: z.coerce.number().int().min(1).max(120).default(24),
});

/** The signal-light board: one column per period, one row per indicator, and the composite. */
export const BoardView = z.object({
  system: z.object({
    id: z.string(),
    code: z.string(),
    name: LocalText,
    compositeBoundaries: z.array(z.string()),
  }),
  periods: z.array(z.string()),
  indicators: z.array(
    z.object({
      key: z.string(),
      label: SeriesLabel,
      transform: z.enum(TRANSFORMS),
      seasonallyAdjusted: z.boolean(),
      boundaries: z.array(z.string()),
      weight: z.string(),
      cells: z.array(
        z.object({
          period: z.string(),
          value: z.string().nullable(),
          light: Light.nullable(),
          score: z.number().int().nullable(),
        }),
      ),
    }),
  ),
  composite: z.array(
    z.object({
      period: z.string(),
      index: z.string().nullable().describe('综合指数 10…50'),
      light: Light.nullable(),
      partial: z.boolean().describe('some indicators had no value; the index is rescaled over the others'),
      missing: z.array(z.string()),
    }),
  ),
});

export const RuleInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('threshold'),
    name: LocalText,
    indicator: z.string().min(1).max(64),
    dims: Dims.default({}),
    transform: z.enum(TRANSFORMS),
    seasonallyAdjusted: z.boolean().default(false),
    above: Decimal.nullable().default(null).describe('fires when the value is above this'),
    below: Decimal.nullable().default(null).describe('fires when the value is below this'),
    watchFrom: PeriodText.optional(),
    version: z.number().int().optional(),
  }),
  z.strictObject({
    kind: z.literal('light'),
    name: LocalText,
    systemId: z.uuid(),
    target: z.string().min(1).max(40).describe('"composite" or an indicator key of the system'),
    condition: z.enum(LIGHT_CONDITIONS).describe('changes: the light changed; outside_normal: not green'),
    watchFrom: PeriodText.optional(),
    version: z.number().int().optional(),
  }),
]);

export const RuleView = z.object({
  id: z.string(),
  kind: z.enum(['threshold', 'light']),
  name: LocalText,
  indicator: z.string().nullable(),
  dims: z.record(z.string(), z.string()).nullable(),
  label: SeriesLabel,
  transform: z.enum(TRANSFORMS).nullable(),
  seasonallyAdjusted: z.boolean(),
  above: z.string().nullable(),
  below: z.string().nullable(),
  systemId: z.string().nullable(),
  target: z.string().nullable(),
  condition: z.enum(LIGHT_CONDITIONS).nullable(),
  watchFrom: z.string(),
  version: z.number().int(),
  createdBy: z.string().nullable(),
  subscribed: z.boolean(),
  lastEvaluatedAt: z.string().nullable(),
});
export const RuleList = z.object({ items: z.array(RuleView) });

export const SubscriptionParams = z.object({ kind: z.enum(['system', 'rule']), id: z.uuid() });
export const SubscriptionView = z.object({
  kind: z.enum(['system', 'rule']),
  id: z.string(),
  subscribed: z.boolean(),
});
export const SubscriptionList = z.object({
  items: z.array(z.object({ kind: z.enum(['system', 'rule']), id: z.string(), name: LocalText })),
});

export const AlertQuery = z.object({
  sourceId: z.uuid().optional(),
  state: z.enum(['firing', 'recovered', 'event']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const AlertView = z.object({
  id: z.string(),
  sourceKind: z.enum(['system', 'rule']),
  sourceId: z.string(),
  sourceName: LocalText.nullable(),
  target: z.string(),
  period: z.string(),
  state: z.enum(['firing', 'recovered', 'event']),
  value: z.string().nullable(),
  reason: z.object({ zh: z.string(), en: z.string() }),
  notified: z.number().int(),
  firedAt: z.string(),
  recoveredIn: z.string().nullable(),
  recoveredAt: z.string().nullable(),
});
export const AlertPage = z.object({
  items: z.array(AlertView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const EvaluateRequest = z.strictObject({
  /** Only this system or rule; all when absent. */
  sourceId: z.uuid().optional(),
});
export const EvaluateResult = z.object({
  evaluated: z.number().int(),
  fired: z.number().int(),
  recovered: z.number().int(),
  notified: z.number().int(),
});
