/**
 * What a signal or an alert looks at: a series' value itself (水平值), its growth on the same period
 * last year (同比, %) or on the previous period (环比, %), optionally after seasonal adjustment
 * (季节调整). Growth is computed exactly from the series by aggregation's derived-indicator
 * functions, rounded to 0.1 as releases print it.
 */
import { type Dec, decFromNumber, parseDec } from '../../../platform/decimal.ts';
import { growthRate, PERCENT_SCALE } from '../../aggregation/domain/derived.ts';
import { periods } from '../../surveys/index.ts';

import type { Transform } from './terms.ts';

export { TRANSFORMS, type Transform } from './terms.ts';

export const TRANSFORM_NAMES: Record<Transform, { zh: string; en: string }> = {
  level: { zh: '水平值', en: 'level' },
  yoy: { zh: '同比增长', en: 'year-on-year growth' },
  mom: { zh: '环比增长', en: 'growth on the previous period' },
};

export interface SeriesPoint {
  period: string;
  value: string | null;
}

/**
 * Seasonal adjustment of a gapless run of values with `perYear` periods a year; returns the
 * adjusted values (same length). Injected so this file stays pure (the service passes STL).
 */
export type SeasonalAdjuster = (values: number[], perYear: number) => number[];

/** Digits kept of a seasonally adjusted value (STL works in doubles; this is far below any boundary's step). */
const ADJUSTED_SCALE = 4;

/** Years of gapless values needed for seasonal adjustment. */
export const MINIMUM_YEARS = 3;

const PER_YEAR = { monthly: 12, quarterly: 4, annual: 1 } as const;

/** The values of a series by period (nulls and unparsable values left out). */
function byPeriod(points: readonly SeriesPoint[]): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const p of points) {
    const d = p.value === null ? null : parseDec(p.value);
    if (d) out.set(p.period, d);
  }
  return out;
}

/**
 * Seasonally adjusts the longest gapless run of periods ending at the series' last value (STL
 * needs a gapless series); periods before a gap get no adjusted value, so they count as missing
 * rather than being adjusted with a guessed seasonal pattern. Null when the run is too short.
 */
export function seasonallyAdjusted(
  points: readonly SeriesPoint[],
  adjust: SeasonalAdjuster,
): Map<string, Dec> | null {
  const values = byPeriod(points);
  const parsed = [...values.keys()].map((k) => periods.parsePeriod(k)).filter((p) => p !== null);
  if (!parsed.length) return null;
  const frequency = parsed[0].frequency;
  const perYear = PER_YEAR[frequency];
  if (perYear === 1) return null;
  const last = parsed.reduce((a, b) => (periods.comparePeriods(a, b) >= 0 ? a : b));
  const run: string[] = [];
  for (let p = last; values.has(periods.formatPeriod(p)); p = periods.previousPeriod(p)) {
    run.unshift(periods.formatPeriod(p));
  }
  // Three years, as the statistical database asks before it adjusts a series (STL itself would run
  // on two cycles and one value, but its seasonal factors are then little more than noise), so
  // both show the same adjusted series.
  if (run.length < MINIMUM_YEARS * perYear) return null;
  const adjusted = adjust(
    run.map((k) => Number(values.get(k)!.c) / 10 ** values.get(k)!.s),
    perYear,
  );
  const out = new Map<string, Dec>();
  run.forEach((k, i) => {
    const d = decFromNumber(Number(adjusted[i].toFixed(ADJUSTED_SCALE)));
    if (d) out.set(k, d);
  });
  return out;
}

/**
 * The transformed value of every period of the series (null where it cannot be computed: no
 * value, no base period, a base ≤ 0 for growth).
 */
export function transformSeries(
  points: readonly SeriesPoint[],
  transform: Transform,
  options: { adjust?: SeasonalAdjuster | null } = {},
): Map<string, Dec | null> {
  const values = options.adjust
    ? (seasonallyAdjusted(points, options.adjust) ?? new Map())
    : byPeriod(points);
  const out = new Map<string, Dec | null>();
  for (const point of points) {
    const p = periods.parsePeriod(point.period);
    const current = values.get(point.period) ?? null;
    if (!p || !current) {
      out.set(point.period, null);
      continue;
    }
    if (transform === 'level') {
      out.set(point.period, current);
      continue;
    }
    const base = transform === 'yoy' ? periods.samePeriodLastYear(p) : periods.previousPeriod(p);
    out.set(point.period, growthRate(current, values.get(periods.formatPeriod(base)) ?? null, PERCENT_SCALE));
  }
  return out;
}
