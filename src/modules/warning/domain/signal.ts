/**
 * The signal-light system (经济景气预警信号系统), as the national practice of 国家统计局: each
 * indicator's transformed value (usually 同比 growth) is compared with four boundaries and given one
 * of five lights — 过冷 (blue) / 偏冷 (light blue) / 正常 (green) / 偏热 (yellow) / 过热 (red), scored
 * 1…5; the composite index is the weighted mean score scaled to the national ten-indicator range
 * (10 indicators × 1…5 = 10…50) and gets its own light from four composite boundaries.
 *
 * Exactness: values, boundaries and weights are exact decimals (platform/decimal.ts); the
 * composite is one division, rounded half away from zero to COMPOSITE_SCALE digits.
 *
 * Boundaries: a value equal to a boundary takes the light on the 正常 side of it (a growth rate
 * exactly on the 偏热 line is still 正常), so the normal band is closed and the outer bands open.
 */
import { add, compare, type Dec, decToText, div, mul, parseDec, ZERO } from '../../../platform/decimal.ts';

import { LIGHTS, type Light } from './terms.ts';

export { LIGHTS, type Light } from './terms.ts';

/** Score of each light (过冷 = 1 … 过热 = 5). */
export const scoreOf = (light: Light): number => LIGHTS.indexOf(light) + 1;

/** The lights' names and national colours, for messages and legends. */
export const LIGHT_NAMES: Record<Light, { zh: string; en: string; colour: { zh: string; en: string } }> = {
  overcold: { zh: '过冷', en: 'too cold', colour: { zh: '蓝灯', en: 'blue' } },
  cold: { zh: '偏冷', en: 'cool', colour: { zh: '浅蓝灯', en: 'light blue' } },
  normal: { zh: '正常', en: 'normal', colour: { zh: '绿灯', en: 'green' } },
  warm: { zh: '偏热', en: 'warm', colour: { zh: '黄灯', en: 'yellow' } },
  overheated: { zh: '过热', en: 'overheated', colour: { zh: '红灯', en: 'red' } },
};

/**
 * Four boundaries, strictly increasing: 过冷|偏冷, 偏冷|正常, 正常|偏热, 偏热|过热.
 * (The 正常 band is [b2, b3]; see the header for values on a boundary.)
 */
export type Boundaries = readonly [Dec, Dec, Dec, Dec];

/** The light of a value under four increasing boundaries. */
export function lightOf(value: Dec, b: Boundaries): Light {
  if (compare(value, b[1]) < 0) return compare(value, b[0]) < 0 ? 'overcold' : 'cold';
  if (compare(value, b[2]) > 0) return compare(value, b[3]) > 0 ? 'overheated' : 'warm';
  return 'normal';
}

/** Problems with a list of boundaries (as text): not four, not decimals, or not strictly increasing. */
export function boundaryProblems(texts: readonly string[]): ('count' | 'not_decimal' | 'not_increasing')[] {
  if (texts.length !== 4) return ['count'];
  const decs = texts.map(parseDec);
  if (decs.some((d) => !d)) return ['not_decimal'];
  for (let i = 1; i < 4; i++) if (compare(decs[i]!, decs[i - 1]!) <= 0) return ['not_increasing'];
  return [];
}

/** Parses four valid boundaries (check `boundaryProblems` first). */
export function parseBoundaries(texts: readonly string[]): Boundaries {
  if (boundaryProblems(texts).length) throw new Error(`bad boundaries ${texts.join(',')}`);
  return texts.map((t) => parseDec(t)!) as unknown as Boundaries;
}

/** The national system has ten indicators, so composites are scaled to 10 × (1…5) = 10…50. */
export const NATIONAL_INDICATOR_COUNT = 10;
/** Digits after the point of the composite index. */
export const COMPOSITE_SCALE = 1;
/**
 * Below this share of the total weight the composite is not computed: a handful of indicators
 * rescaled to the full range would speak for a whole economy they do not cover.
 */
export const MINIMUM_COVERAGE: Dec = { c: 5n, s: 1 };

/** One indicator's contribution in a period: its light, or null when it has no value. */
export interface IndicatorLight {
  key: string;
  weight: Dec;
  light: Light | null;
}

export interface Composite {
  /** Weighted mean score × 10 (10…50), or null when coverage is below MINIMUM_COVERAGE. */
  index: Dec | null;
  light: Light | null;
  /** True when some indicators had no value and the index was rescaled over the others. */
  partial: boolean;
  /** Keys of the indicators without a value. */
  missing: string[];
  /** Available weight ÷ total weight (exact up to 6 digits). */
  coverage: Dec;
}

/**
 * The composite index (综合指数) of one period: Σ wᵢ·scoreᵢ / Σ wᵢ × 10 over the indicators with a
 * value — with all equal weights and ten indicators, exactly the national sum of scores.
 */
export function composite(items: readonly IndicatorLight[], boundaries: Boundaries): Composite {
  let total = ZERO;
  let available = ZERO;
  let weighted = ZERO;
  const missing: string[] = [];
  for (const it of items) {
    total = add(total, it.weight);
    if (!it.light) {
      missing.push(it.key);
      continue;
    }
    available = add(available, it.weight);
    weighted = add(weighted, mul(it.weight, { c: BigInt(scoreOf(it.light)), s: 0 }));
  }
  const coverage = div(available, total) ?? ZERO;
  if (available.c === 0n || compare(coverage, MINIMUM_COVERAGE) < 0) {
    return { index: null, light: null, partial: missing.length > 0, missing, coverage };
  }
  const index = div(
    mul(weighted, { c: BigInt(NATIONAL_INDICATOR_COUNT), s: 0 }),
    available,
    COMPOSITE_SCALE,
  )!;
  return { index, light: lightOf(index, boundaries), partial: missing.length > 0, missing, coverage };
}

/** Canonical text of a decimal or null. */
export const textOf = (d: Dec | null): string | null => (d ? decToText(d) : null);
