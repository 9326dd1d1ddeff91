/**
 * Unit-level anomalies of one form and period for the review lists (异常值识别): for every
 * numeric entered cell, the ratio of each unit's value to its approved value of a base period
 * (上期 the previous period; 上年同期 the same period last year for monthly and quarterly forms),
 * tested by the Hidiroglou–Berthelot edit and by the modified z-score (|M| > 3.5). Pure: the
 * tests themselves come from the analysis module (handed in as `AnomalyTests`), the values from
 * collection; this decides what is compared with what, and says why a value is flagged.
 *
 * The reference population is every unit that handed the form in with a value in both periods,
 * whatever the reviewer's area — a township with six units still gets the bounds of the whole
 * form; the caller lists only the units in the reviewer's area.
 */
import { type Bilingual, interpolate, type Locale } from '../../../platform/i18n.ts';

/**
 * Fewer units with a positive value in both periods than this and a cell is not tested: HB's
 * quartiles and the MAD of four ratios say nothing about a fifth.
 */
export const MIN_PAIRS = 5;

/** Which period a value is compared with. */
export type Basis = 'previous' | 'last_year';

/** The slice of the analysis module's API these lists use (analysis `api.anomalies`). */
export interface AnomalyTests {
  hidiroglouBerthelot(
    units: readonly { unitId: string; current: number | null; previous: number | null }[],
  ): {
    results: (
      | {
          unitId: string;
          status: 'ok' | 'flagged';
          side: 'low' | 'high' | null;
          ratio: number;
          medianRatio: number;
          centred: number;
          effect: number;
          lower: number;
          upper: number;
        }
      | { unitId: string; status: 'not_assessed'; reason: string }
    )[];
    /** `upper` null: no spread to judge by (every quartile of the effects 0), nothing flagged. */
    summary: { quartiles: { q1: number; median: number; q3: number } | null; upper: number | null };
  };
  modifiedZScores(values: readonly { unitId: string; value: number | null }[]): {
    results: (
      | { unitId: string; status: 'ok' | 'flagged'; value: number; score: number }
      | { unitId: string; status: 'not_assessed'; reason: 'missing' }
    )[];
    summary: {
      threshold: number;
      median: number | null;
      scale: { kind: 'mad' | 'mean_absolute_deviation' | 'none'; value: number } | null;
    };
  };
  describe(result: any, locale: Locale, zSummary?: any): string | null;
}

/** A numeric entered cell of the form. */
export interface FormCell {
  ref: string;
  indicator: string;
  column: string;
}

/** A form's numbers in one period (collection's `cellColumns`): NaN where a unit left a cell blank. */
export interface PeriodColumns {
  period: string;
  unitIds: string[];
  cells: Map<string, Float64Array>;
}

interface FindingBase {
  basis: Basis;
  basePeriod: string;
  value: number;
  base: number;
  ratio: number;
  /**
   * How far past its limit, as a multiple of the limit's distance from the centre: HB
   * |E − E_M| / |bound − E_M|, z-score |M| / threshold. Above 1 when flagged; comparable across
   * tests and cells, so lists sort by it.
   */
  strength: number;
}

/** The Hidiroglou–Berthelot edit flagged the ratio. */
export interface HbFinding extends FindingBase {
  test: 'hb';
  side: 'low' | 'high';
  medianRatio: number;
  effect: number;
  lower: number;
  upper: number;
}

/** The modified z-score of the ratio exceeded the threshold. */
export interface MzFinding extends FindingBase {
  test: 'mz';
  score: number;
  threshold: number;
  median: number;
  scale: { kind: 'mad' | 'mean_absolute_deviation'; value: number };
}

export type Finding = HbFinding | MzFinding;

/** One unit's flagged cell with every test that flagged it. */
export interface FlaggedCell {
  unitId: string;
  cell: string;
  indicator: string;
  column: string;
  value: number;
  previous: number | null;
  lastYear: number | null;
  /** The largest strength of its findings. */
  strength: number;
  findings: Finding[];
}

/** What was tested for one cell against one base period. */
export interface CellTest {
  cell: string;
  basis: Basis;
  basePeriod: string;
  /** Units with a positive value in both periods (the population the bounds come from). */
  pairs: number;
  /** Why the cell was not tested (null when it was): too few pairs. */
  skipped: 'too_few_pairs' | null;
  hb: { flagged: number; medianRatio: number; lower: number; upper: number } | 'no_spread' | null;
  mz: { flagged: number; median: number; scale: number } | 'no_spread' | null;
}

export interface FormAnomalies {
  period: string;
  bases: { basis: Basis; period: string }[];
  /** Units with at least one value this period (handed in). */
  units: number;
  tests: CellTest[];
  /** Every flagged cell of every unit, strongest first. */
  flagged: FlaggedCell[];
}

const BASIS_NAME: Record<Basis, Bilingual> = {
  previous: { 'zh-CN': '上期', 'en-US': 'the previous period' },
  last_year: { 'zh-CN': '上年同期', 'en-US': 'the same period last year' },
};

const LEAD: Bilingual = {
  'zh-CN': '本期 {value}，{basis}（{basePeriod}）{base}：',
  'en-US': 'This period {value}; {basis} ({basePeriod}) {base}: ',
};

const RATIO: Bilingual = { 'zh-CN': '比值 {ratio}；', 'en-US': 'ratio {ratio}; ' };

/**
 * describeAnomaly words HB as a ratio to the previous period; against last year the same
 * sentence names the right period.
 */
const HB_LAST_YEAR: Record<'low' | 'high', Bilingual> = {
  low: {
    'zh-CN':
      '本期与上年同期之比 {ratio}（中位数 {medianRatio}），规模加权效应 {effect} 低于下限 {lower}（Hidiroglou–Berthelot 检验）',
    'en-US':
      'Ratio to the same period last year {ratio} (median {medianRatio}); size-weighted effect {effect} is below the lower bound {lower} (Hidiroglou–Berthelot edit)',
  },
  high: {
    'zh-CN':
      '本期与上年同期之比 {ratio}（中位数 {medianRatio}），规模加权效应 {effect} 高于上限 {upper}（Hidiroglou–Berthelot 检验）',
    'en-US':
      'Ratio to the same period last year {ratio} (median {medianRatio}); size-weighted effect {effect} is above the upper bound {upper} (Hidiroglou–Berthelot edit)',
  },
};

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function bilingual(make: (locale: Locale) => string): Bilingual {
  return { 'zh-CN': make('zh-CN'), 'en-US': make('en-US') };
}

/**
 * Tests every cell of the form for `period` against each base period and returns every
 * flagged value with its findings, and what was tested. Reasons are worded on demand
 * (`reasonOf`): a list shows a page of them, not the thousands a big form may flag.
 */
export function detectAnomalies(
  tests: AnomalyTests,
  input: {
    cells: FormCell[];
    period: string;
    bases: { basis: Basis; period: string }[];
    columns: PeriodColumns[];
  },
): FormAnomalies {
  const byPeriod = new Map(input.columns.map((c) => [c.period, c]));
  const now = byPeriod.get(input.period) ?? { period: input.period, unitIds: [], cells: new Map() };
  // Where each unit of this period stands in each base period, found once per base, not per cell.
  const positions = new Map<string, Int32Array>();
  for (const { period } of input.bases) {
    const base = byPeriod.get(period);
    if (!base) continue;
    const at = new Map(base.unitIds.map((u, i) => [u, i]));
    positions.set(
      period,
      Int32Array.from(now.unitIds, (u) => at.get(u) ?? -1),
    );
  }
  const cellTests: CellTest[] = [];
  const flagged = new Map<string, FlaggedCell>();

  for (const cell of input.cells) {
    const current = now.cells.get(cell.ref);
    if (!current) continue;
    for (const { basis, period: basePeriod } of input.bases) {
      const before = byPeriod.get(basePeriod)?.cells.get(cell.ref);
      const at = positions.get(basePeriod);
      const pairs: { unitId: string; current: number; previous: number }[] = [];
      if (before && at) {
        for (let i = 0; i < current.length; i++) {
          const value = current[i];
          const b = at[i] < 0 ? Number.NaN : before[at[i]];
          // Ratios need both values positive (HB leaves the others unassessed too); NaN fails both.
          if (b > 0 && value > 0) pairs.push({ unitId: now.unitIds[i], current: value, previous: b });
        }
      }
      const test: CellTest = {
        cell: cell.ref,
        basis,
        basePeriod,
        pairs: pairs.length,
        skipped: null,
        hb: null,
        mz: null,
      };
      cellTests.push(test);
      if (pairs.length < MIN_PAIRS) {
        test.skipped = 'too_few_pairs';
        continue;
      }
      const found = (p: { unitId: string; current: number; previous: number }, finding: Finding) => {
        const key = `${p.unitId}/${cell.ref}`;
        let f = flagged.get(key);
        if (!f) {
          f = {
            unitId: p.unitId,
            cell: cell.ref,
            indicator: cell.indicator,
            column: cell.column,
            value: p.current,
            previous: null,
            lastYear: null,
            strength: 0,
            findings: [],
          };
          flagged.set(key, f);
        }
        if (basis === 'previous') f.previous = p.previous;
        else f.lastYear = p.previous;
        f.findings.push(finding);
        f.strength = Math.max(f.strength, finding.strength);
      };

      const hb = tests.hidiroglouBerthelot(pairs);
      const q = hb.summary.quartiles;
      const first = hb.results.find((r) => r.status !== 'not_assessed');
      // All quartiles of the effects equal (most units report exactly the same figure again):
      // the bounds collapse onto the median and any change would be flagged; HB has no spread
      // to judge by then (R's HBmethod stops), so this cell is left to the z-score.
      const eM = q?.median ?? 0;
      const spread = first && 'upper' in first ? Math.min(first.upper - eM, eM - first.lower) : 0;
      if (!q || !first || hb.summary.upper === null || !(spread > 0)) test.hb = 'no_spread';
      else {
        let n = 0;
        hb.results.forEach((r, i) => {
          if (r.status !== 'flagged') return;
          n++;
          const side = r.side ?? 'high';
          const strength =
            side === 'high' ? (r.effect - eM) / (r.upper - eM) : (eM - r.effect) / (eM - r.lower);
          const p = pairs[i];
          found(p, {
            test: 'hb',
            basis,
            basePeriod,
            value: p.current,
            base: p.previous,
            ratio: r.ratio,
            strength,
            side,
            medianRatio: r.medianRatio,
            effect: r.effect,
            lower: r.lower,
            upper: r.upper,
          });
        });
        test.hb = { flagged: n, medianRatio: first.medianRatio, lower: first.lower, upper: first.upper };
      }

      const z = tests.modifiedZScores(
        pairs.map((p) => ({ unitId: p.unitId, value: p.current / p.previous })),
      );
      const scale = z.summary.scale;
      if (!scale || scale.kind === 'none' || z.summary.median === null) test.mz = 'no_spread';
      else {
        let n = 0;
        z.results.forEach((r, i) => {
          if (r.status !== 'flagged') return;
          n++;
          const p = pairs[i];
          found(p, {
            test: 'mz',
            basis,
            basePeriod,
            value: p.current,
            base: p.previous,
            ratio: r.value,
            strength: Math.abs(r.score) / z.summary.threshold,
            score: r.score,
            threshold: z.summary.threshold,
            median: z.summary.median as number,
            scale: { kind: scale.kind as 'mad' | 'mean_absolute_deviation', value: scale.value },
          });
        });
        test.mz = { flagged: n, median: z.summary.median, scale: scale.value };
      }
    }
  }
  const list = [...flagged.values()].sort(byStrength);
  return {
    period: input.period,
    bases: input.bases,
    units: now.unitIds.length,
    tests: cellTests,
    flagged: list,
  };
}

/**
 * Why a value was flagged, in both languages: the value and the one it was compared with, then
 * the test's own words (analysis' describeAnomaly; against last year, the same sentence naming
 * the right period).
 */
export function reasonOf(tests: Pick<AnomalyTests, 'describe'>, f: Finding): Bilingual {
  const lead = (locale: Locale) =>
    interpolate(
      LEAD[locale],
      { value: round(f.value), basis: BASIS_NAME[f.basis], basePeriod: f.basePeriod, base: round(f.base) },
      locale,
    );
  if (f.test === 'hb') {
    const result = {
      unitId: '',
      status: 'flagged' as const,
      side: f.side,
      ratio: f.ratio,
      medianRatio: f.medianRatio,
      centred: 0,
      effect: f.effect,
      lower: f.lower,
      upper: f.upper,
    };
    return bilingual(
      (locale) =>
        lead(locale) +
        (f.basis === 'previous'
          ? (tests.describe(result, locale) ?? '')
          : interpolate(
              HB_LAST_YEAR[f.side][locale],
              {
                ratio: round(f.ratio),
                medianRatio: round(f.medianRatio),
                effect: round(f.effect),
                lower: round(f.lower),
                upper: round(f.upper),
              },
              locale,
            )),
    );
  }
  const result = { unitId: '', status: 'flagged' as const, value: f.ratio, score: f.score };
  const summary = { method: 'modified_z_score', threshold: f.threshold, median: f.median, scale: f.scale };
  return bilingual(
    (locale) =>
      lead(locale) +
      interpolate(RATIO[locale], { ratio: round(f.ratio) }, locale) +
      (tests.describe(result, locale, summary) ?? ''),
  );
}

/** Strongest first; then by unit and cell so equal strengths keep one order. */
export function byStrength(a: FlaggedCell, b: FlaggedCell): number {
  return (
    b.strength - a.strength ||
    (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0) ||
    (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0)
  );
}
