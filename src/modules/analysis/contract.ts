/**
 * Analysis API contract (zod): seasonal adjustment by STL. The STL parameters keep R's names
 * (`s.window`, `t.jump` …) and defaults, so an analyst can move between R's `stl()` and this API
 * without translating.
 */
import { z } from 'zod';

/** Largest series accepted; STL's cost grows with length × window, see `STL_WORK_LIMIT`. */
export const MAX_SERIES_LENGTH = 10_000;
/** Values beyond this magnitude are refused so sums cannot overflow to infinity. */
export const MAX_ABS_VALUE = 1e15;

const Degree = z.union([z.literal(0), z.literal(1)]);
const Span = z.number().int().min(3).max(1_000_000);
const Jump = z.number().int().min(1).max(1_000_000);

const Period = z
  .object({
    year: z.number().int().min(1000).max(9999),
    period: z.number().int().min(1).describe('Position within the year: month 1–12, quarter 1–4 …'),
  })
  .describe('A time point: the year and the position of the observation within it');

export const StlRequest = z
  .strictObject({
    values: z
      .array(z.number().min(-MAX_ABS_VALUE).max(MAX_ABS_VALUE).nullable())
      .min(1)
      .max(MAX_SERIES_LENGTH)
      .describe('The series in time order; null marks a missing value (see `missing`)'),
    frequency: z
      .number()
      .int()
      .min(2)
      .max(MAX_SERIES_LENGTH)
      .describe('Observations per cycle: 12 monthly, 4 quarterly, any integer ≥ 2'),
    start: Period.optional().describe('When the first value was observed; echoed with the end'),
    missing: z
      .enum(['fail', 'interpolate'])
      .default('fail')
      .describe(
        "fail (default, as R's na.fail): a null is an error; interpolate: interior gaps are filled linearly and listed in `interpolated` (leading or trailing nulls are still an error)",
      ),
    's.window': z
      .union([Span, z.literal('periodic')], { error: 'an integer ≥ 3 or "periodic"' })
      .describe('Seasonal loess span in lags (odd, ≥ 7 recommended), or "periodic". Required, as in R'),
    's.degree': Degree.default(0).describe('Degree of the seasonal loess (0 or 1); 0 when periodic'),
    't.window': Span.optional().describe(
      'Trend loess span; default nextodd(ceiling(1.5·frequency / (1 − 1.5/s.window)))',
    ),
    't.degree': Degree.default(1),
    'l.window': Span.optional().describe('Low-pass loess span; default the least odd integer ≥ frequency'),
    'l.degree': Degree.optional().describe('Default t.degree'),
    's.jump': Jump.optional().describe(
      'Fit the seasonal loess every s.jump points; default ceiling(s.window/10)',
    ),
    't.jump': Jump.optional().describe('Default ceiling(t.window/10)'),
    'l.jump': Jump.optional().describe('Default ceiling(l.window/10)'),
    robust: z
      .boolean()
      .default(false)
      .describe('Robust fitting: outliers are down-weighted (Tukey biweight)'),
    inner: z.number().int().min(1).max(20).optional().describe('Inner iterations; default 2, or 1 if robust'),
    outer: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('Robustness iterations; default 0, or 15 if robust'),
  })
  .describe('A series and STL parameters, as in R: stl(ts(values, frequency), s.window, …)');
export type StlRequest = z.infer<typeof StlRequest>;

export const StlParametersView = z
  .object({
    's.window': z.number().int(),
    's.degree': Degree,
    't.window': z.number().int(),
    't.degree': Degree,
    'l.window': z.number().int(),
    'l.degree': Degree,
    's.jump': z.number().int(),
    't.jump': z.number().int(),
    'l.jump': z.number().int(),
    inner: z.number().int(),
    outer: z.number().int(),
    robust: z.boolean(),
    periodic: z.boolean(),
  })
  .describe('The parameters used, as R reports them (periodic: s.window = 10n + 1, s.degree = 0)');

/** A time point in a response: unbounded, since a series may run past the year 9999. */
const PeriodView = z.object({ year: z.number().int(), period: z.number().int() });

export const StlView = z.object({
  n: z.number().int(),
  frequency: z.number().int(),
  start: PeriodView.nullable(),
  end: PeriodView.nullable(),
  parameters: StlParametersView,
  seasonal: z.array(z.number()),
  trend: z.array(z.number()),
  remainder: z.array(z.number()),
  weights: z.array(z.number()).describe('Robustness weights (all 1 unless robust)'),
  seasonallyAdjusted: z.array(z.number()).describe('The series less its seasonal component (季节调整后)'),
  interpolated: z.array(z.number().int()).describe('Positions (0-based) filled by interpolation'),
});
export type StlView = z.infer<typeof StlView>;
