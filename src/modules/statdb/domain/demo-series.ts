/**
 * Deterministic demo series for Ningbo (pure): monthly flows with a trend, the seasonal shape of
 * Chinese monthly statistics — the Spring Festival dip in January or February (whichever month
 * the festival falls in that year), a December peak — noise, the 2020 epidemic shock and, for
 * exports, a clear fall over the latest months, so seasonal adjustment and the early-warning
 * board have something realistic to show.
 */
import { periods } from '../../surveys/index.ts';

/** Spring Festival (春节) month per year: 1 = January, 2 = February. */
const SPRING_FESTIVAL_MONTH: Record<number, number> = {
  2015: 2,
  2016: 2,
  2017: 1,
  2018: 2,
  2019: 2,
  2020: 1,
  2021: 2,
  2022: 2,
  2023: 1,
  2024: 2,
  2025: 1,
  2026: 2,
  2027: 2,
  2028: 1,
};

/** Typical month factors of a monthly flow (before the festival's own dip). */
const MONTH_FACTORS = [0.97, 0.93, 1.0, 0.97, 1.0, 1.03, 0.98, 0.98, 1.01, 1.0, 1.03, 1.14];

/**
 * Noise in [-1, 1) keyed by series and period, so every value is independent of the order in
 * which series are generated (a new indicator does not shift the others' numbers).
 */
export function noise(key: string, t: number): number {
  let h = 2166136261 ^ t;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 31 - 1;
}

export interface FlowSpec {
  /** Level of the first month (亿元 …) and yearly growth. */
  start: number;
  growth: number;
  /** How strongly the month pattern and the festival act (0 = none, 1 = as in MONTH_FACTORS). */
  seasonality: number;
  festivalDip: number;
  noise: number;
  /** Extra multiplicative swings by period text (e.g. 2020-02: 0.7). */
  swings?: Record<string, number>;
}

/** The 2020 epidemic: February collapses, March half-recovers. */
export const EPIDEMIC: Record<string, number> = {
  '2020-01': 0.95,
  '2020-02': 0.7,
  '2020-03': 0.86,
  '2020-04': 0.95,
};

/** A monthly flow from `from` to `to` (period texts), values rounded to 2 decimals. */
export function monthlyFlow(
  key: string,
  spec: FlowSpec,
  from: string,
  to: string,
): { period: string; value: number }[] {
  const range = periods.periodRange(periods.parsePeriod(from)!, periods.parsePeriod(to)!);
  return range.map((p, t) => {
    const month = p.index;
    let f = 1 + spec.seasonality * (MONTH_FACTORS[month - 1]! - 1);
    if (SPRING_FESTIVAL_MONTH[p.year] === month) f *= 1 - spec.festivalDip;
    const text = periods.formatPeriod(p);
    const swing = spec.swings?.[text] ?? 1;
    const v = spec.start * (1 + spec.growth) ** (t / 12) * f * swing * (1 + spec.noise * noise(key, t));
    return { period: text, value: Math.round(v * 100) / 100 };
  });
}

/** A quarterly flow (Q1 low, Q4 high), rounded to 2 decimals. */
export function quarterlyFlow(key: string, spec: Omit<FlowSpec, 'festivalDip'>, from: string, to: string) {
  const Q = [0.9, 1.0, 1.0, 1.1];
  const range = periods.periodRange(periods.parsePeriod(from)!, periods.parsePeriod(to)!);
  return range.map((p, t) => {
    const text = periods.formatPeriod(p);
    const f = 1 + spec.seasonality * (Q[p.index - 1]! - 1);
    const v =
      spec.start *
      (1 + spec.growth) ** (t / 4) *
      f *
      (spec.swings?.[text] ?? 1) *
      (1 + spec.noise * noise(key, t));
    return { period: text, value: Math.round(v * 100) / 100 };
  });
}
