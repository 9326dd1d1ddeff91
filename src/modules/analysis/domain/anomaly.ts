/**
 * Unit-level anomaly detection for the review lists (异常值识别): the Hidiroglou–Berthelot edit
 * on period-to-period ratios and the modified z-score. Pure functions over plain numbers; every
 * result says why, as data (the ratio, the bounds, the score), so lists can explain a flag in
 * either language (see `describeAnomaly`).
 *
 * References:
 * - M. A. Hidiroglou and J.-M. Berthelot (1986), "Statistical editing and imputation for periodic
 *   business surveys", Survey Methodology 12(1), 73–83.
 * - B. Iglewicz and D. C. Hoaglin (1993), How to Detect and Handle Outliers, ASQC, ch. 3.
 */
import { type Bilingual, interpolate, type Locale } from '../../../platform/i18n.ts';

/** One unit's value in the current and the previous period (null when not reported). */
export interface UnitPair {
  unitId: string;
  current: number | null;
  previous: number | null;
}

/**
 * HB parameters. U ∈ [0, 1] sets how much a unit's size counts (0: ratios only; 1: fully
 * size-weighted); A guards against a tiny spread when most ratios are equal; C widens the bounds.
 * Defaults U = 0.5, A = 0.05, C = 4 are the usual starting point (as in R's univOutl::HBmethod,
 * whose conventions this follows: quartiles by R's default quantile type 7, C per tail); C is
 * often tuned per survey to flag an agreed share of units. Unlike HBmethod, which stops when
 * every quartile of E is 0 (all ratios alike), this flags nothing then.
 */
export interface HbOptions {
  u?: number;
  a?: number;
  /** One C for both bounds, or [lower, upper] to treat the tails differently. */
  c?: number | readonly [number, number];
}

export type HbNotAssessed = 'missing_current' | 'missing_previous' | 'non_positive';

export type HbResult =
  | {
      unitId: string;
      status: 'ok' | 'flagged';
      /** Which side of the bounds a flagged unit fell (null when ok). */
      side: 'low' | 'high' | null;
      ratio: number;
      medianRatio: number;
      /** Centred ratio s_i: 1 − r_M/r_i below the median, r_i/r_M − 1 above. */
      centred: number;
      /** Size-weighted effect E_i = s_i · max(x_t, x_{t−1})^U. */
      effect: number;
      lower: number;
      upper: number;
    }
  | { unitId: string; status: 'not_assessed'; reason: HbNotAssessed };

/** The summary both HB and every result refer to. */
export interface HbSummary {
  method: 'hidiroglou_berthelot';
  u: number;
  a: number;
  /** C for the lower and the upper bound. */
  c: [number, number];
  assessed: number;
  flagged: number;
  medianRatio: number | null;
  quartiles: { q1: number; median: number; q3: number } | null;
  lower: number | null;
  upper: number | null;
}

/** Sample quantile, R's default (type 7: linear interpolation between order statistics). */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  return quantile(sorted, 0.5);
}

function checkParameter(name: string, value: number, min: number, max: number) {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new RangeError(`${name} must be a number in [${min}, ${max}]`);
}

/**
 * The Hidiroglou–Berthelot edit. Only units with a positive value in both periods are assessed
 * (the ratio and its transformation need them); others come back `not_assessed` with the reason,
 * so a unit that dropped to zero is visible rather than silently skipped.
 */
export function hidiroglouBerthelot(
  units: readonly UnitPair[],
  options: HbOptions = {},
): { results: HbResult[]; summary: HbSummary } {
  const u = options.u ?? 0.5;
  const a = options.a ?? 0.05;
  const given = options.c ?? 4;
  const c: [number, number] = typeof given === 'number' ? [given, given] : [given[0], given[1]];
  checkParameter('u', u, 0, 1);
  checkParameter('a', a, 0, 1e6);
  checkParameter('c', c[0], 0, 1e6);
  checkParameter('c', c[1], 0, 1e6);

  const reasons = units.map(notAssessedReason);
  const assessed: { index: number; ratio: number; size: number }[] = [];
  units.forEach((x, index) => {
    if (reasons[index] !== null) return;
    const cur = x.current as number;
    const prev = x.previous as number;
    assessed.push({ index, ratio: cur / prev, size: Math.max(cur, prev) });
  });
  const summary: HbSummary = {
    method: 'hidiroglou_berthelot',
    u,
    a,
    c,
    assessed: assessed.length,
    flagged: 0,
    medianRatio: null,
    quartiles: null,
    lower: null,
    upper: null,
  };
  const byIndex = new Map<number, HbResult>();
  if (assessed.length > 0) {
    const rM = median(assessed.map((x) => x.ratio));
    const effects = assessed.map(({ ratio, size }) => {
      const s = ratio < rM ? 1 - rM / ratio : ratio / rM - 1;
      return { s, e: s * size ** u };
    });
    const sortedE = Float64Array.from(effects.map((x) => x.e)).sort();
    const q1 = quantile(sortedE, 0.25);
    const eM = quantile(sortedE, 0.5);
    const q3 = quantile(sortedE, 0.75);
    const floor = Math.abs(a * eM);
    // Every quartile of E at 0 (most units repeat last period's ratio exactly): there is no
    // spread to measure against, so the bounds are open and nothing is flagged (see HbOptions).
    const collapsed = q1 === 0 && eM === 0 && q3 === 0;
    const lower = collapsed ? Number.NEGATIVE_INFINITY : eM - c[0] * Math.max(eM - q1, floor);
    const upper = collapsed ? Number.POSITIVE_INFINITY : eM + c[1] * Math.max(q3 - eM, floor);
    assessed.forEach(({ index, ratio }, k) => {
      const { s, e } = effects[k];
      const side = e < lower ? 'low' : e > upper ? 'high' : null;
      if (side) summary.flagged++;
      byIndex.set(index, {
        unitId: units[index].unitId,
        status: side ? 'flagged' : 'ok',
        side,
        ratio,
        medianRatio: rM,
        centred: s,
        effect: e,
        lower,
        upper,
      });
    });
    Object.assign(summary, {
      medianRatio: rM,
      quartiles: { q1, median: eM, q3 },
      lower: collapsed ? null : lower,
      upper: collapsed ? null : upper,
    });
  }
  const results = units.map(
    (x, index): HbResult =>
      byIndex.get(index) ?? {
        unitId: x.unitId,
        status: 'not_assessed',
        reason: reasons[index] as HbNotAssessed,
      },
  );
  return { results, summary };
}

function notAssessedReason(x: UnitPair): HbNotAssessed | null {
  if (x.current === null || !Number.isFinite(x.current)) return 'missing_current';
  if (x.previous === null || !Number.isFinite(x.previous)) return 'missing_previous';
  if (x.current <= 0 || x.previous <= 0) return 'non_positive';
  return null;
}

/** Iglewicz–Hoaglin constants: Φ⁻¹(0.75), and √(π/2) for the mean absolute deviation. */
const MAD_FACTOR = 0.6745;
const MEAN_AD_FACTOR = 1.253314;

export interface UnitValue {
  unitId: string;
  value: number | null;
}

export type ZScoreResult =
  | {
      unitId: string;
      status: 'ok' | 'flagged';
      value: number;
      /** The modified z-score M_i. */
      score: number;
    }
  | { unitId: string; status: 'not_assessed'; reason: 'missing' };

export interface ZScoreSummary {
  method: 'modified_z_score';
  threshold: number;
  assessed: number;
  flagged: number;
  median: number | null;
  /**
   * The spread used: the median absolute deviation, or — when at least half the values are
   * equal and the MAD is 0 — the mean absolute deviation about the median; 'none' when every
   * value is equal (then nothing is flagged).
   */
  scale: { kind: 'mad' | 'mean_absolute_deviation' | 'none'; value: number } | null;
}

/**
 * Modified z-scores M_i = 0.6745 (x_i − median) / MAD, flagged when |M_i| > threshold (3.5 by
 * Iglewicz & Hoaglin). With MAD = 0 the score is (x_i − median) / (1.253314 · MeanAD).
 */
export function modifiedZScores(
  values: readonly UnitValue[],
  options: { threshold?: number } = {},
): { results: ZScoreResult[]; summary: ZScoreSummary } {
  const threshold = options.threshold ?? 3.5;
  checkParameter('threshold', threshold, 0, 1e6);
  const present = values.filter(
    (v): v is { unitId: string; value: number } => v.value !== null && Number.isFinite(v.value),
  );
  const summary: ZScoreSummary = {
    method: 'modified_z_score',
    threshold,
    assessed: present.length,
    flagged: 0,
    median: null,
    scale: null,
  };
  const missing = (unitId: string): ZScoreResult => ({ unitId, status: 'not_assessed', reason: 'missing' });
  if (present.length === 0) return { results: values.map((v) => missing(v.unitId)), summary };

  const med = median(present.map((v) => v.value));
  const deviations = present.map((v) => Math.abs(v.value - med));
  const mad = median(deviations);
  let scaleOf: (x: number) => number;
  if (mad > 0) {
    summary.scale = { kind: 'mad', value: mad };
    scaleOf = (x) => (MAD_FACTOR * (x - med)) / mad;
  } else {
    const meanAd = deviations.reduce((s, d) => s + d, 0) / deviations.length;
    if (meanAd > 0) {
      summary.scale = { kind: 'mean_absolute_deviation', value: meanAd };
      scaleOf = (x) => (x - med) / (MEAN_AD_FACTOR * meanAd);
    } else {
      summary.scale = { kind: 'none', value: 0 };
      scaleOf = () => 0;
    }
  }
  summary.median = med;
  const results = values.map((v): ZScoreResult => {
    if (v.value === null || !Number.isFinite(v.value)) return missing(v.unitId);
    const score = scaleOf(v.value);
    const status = Math.abs(score) > threshold ? 'flagged' : 'ok';
    if (status === 'flagged') summary.flagged++;
    return { unitId: v.unitId, status, value: v.value, score };
  });
  return { results, summary };
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

const HB_TEXT: Record<'low' | 'high', Bilingual> = {
  low: {
    'zh-CN':
      '本期与上期之比 {ratio}（中位数 {medianRatio}），规模加权效应 {effect} 低于下限 {lower}（Hidiroglou–Berthelot 检验）',
    'en-US':
      'Ratio to the previous period {ratio} (median {medianRatio}); size-weighted effect {effect} is below the lower bound {lower} (Hidiroglou–Berthelot edit)',
  },
  high: {
    'zh-CN':
      '本期与上期之比 {ratio}（中位数 {medianRatio}），规模加权效应 {effect} 高于上限 {upper}（Hidiroglou–Berthelot 检验）',
    'en-US':
      'Ratio to the previous period {ratio} (median {medianRatio}); size-weighted effect {effect} is above the upper bound {upper} (Hidiroglou–Berthelot edit)',
  },
};

const NOT_ASSESSED_TEXT: Record<HbNotAssessed | 'missing', Bilingual> = {
  missing_current: { 'zh-CN': '本期无数据，未检验', 'en-US': 'No value this period; not assessed' },
  missing_previous: { 'zh-CN': '上期无数据，未检验', 'en-US': 'No value last period; not assessed' },
  non_positive: {
    'zh-CN': '本期或上期数值不为正，无法计算比值，未检验',
    'en-US': 'A value is zero or negative, so the ratio cannot be used; not assessed',
  },
  missing: { 'zh-CN': '无数据，未检验', 'en-US': 'No value; not assessed' },
};

const Z_TEXT: Bilingual = {
  'zh-CN': '修正 Z 分数 {score}，绝对值超过 {threshold}（中位数 {median}，{scaleName} {scale}）',
  'en-US':
    'Modified z-score {score} exceeds {threshold} in absolute value (median {median}, {scaleName} {scale})',
};

const SCALE_NAMES: Record<'mad' | 'mean_absolute_deviation' | 'none', Bilingual> = {
  mad: { 'zh-CN': '中位数绝对偏差', 'en-US': 'MAD' },
  mean_absolute_deviation: { 'zh-CN': '平均绝对偏差', 'en-US': 'mean absolute deviation' },
  none: { 'zh-CN': '离散度', 'en-US': 'spread' },
};

/** Why a unit was flagged or not assessed, in the asked language (null for an ok unit). */
export function describeAnomaly(
  result: HbResult | ZScoreResult,
  locale: Locale,
  zSummary?: ZScoreSummary,
): string | null {
  if (result.status === 'not_assessed') return NOT_ASSESSED_TEXT[result.reason][locale];
  if (result.status === 'ok') return null;
  if ('ratio' in result) {
    const { ratio, medianRatio, effect, lower, upper } = result;
    return interpolate(
      HB_TEXT[result.side ?? 'high'][locale],
      {
        ratio: round(ratio),
        medianRatio: round(medianRatio),
        effect: round(effect),
        lower: round(lower),
        upper: round(upper),
      },
      locale,
    );
  }
  const scale = zSummary?.scale ?? { kind: 'none' as const, value: 0 };
  return interpolate(
    Z_TEXT[locale],
    {
      score: round(result.score, 2),
      threshold: zSummary?.threshold ?? 3.5,
      median: round(zSummary?.median ?? 0),
      scaleName: SCALE_NAMES[scale.kind],
      scale: round(scale.value),
    },
    locale,
  );
}
