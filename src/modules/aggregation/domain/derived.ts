/**
 * Derived indicators (派生指标) as NBS releases print them: growth on the same period last year
 * (同比增长) on the published base and on a comparable base (同口径), year to date (累计),
 * shares (比重), contribution to growth (贡献率) and pull (拉动).
 *
 * Exactness: inputs are exact decimals (strings or Dec); sums and differences are exact; each
 * result is one division, rounded half away from zero (四舍五入) to `scale` digits — by default
 * PERCENT_SCALE = 1, the 0.1 a release prints. Results are never computed from rounded
 * intermediates, so a caller wanting more digits passes a larger scale.
 *
 * Nulls (no value / no result, shown "—" in a table): any missing input gives null; a zero
 * denominator gives null; so does a negative base for growth, pull and share (a rate over a loss
 * is meaningless — releases write 减亏/扭亏 instead), while 贡献率 allows any non-zero Δtotal.
 */
import { add, type Dec, div, mul, parseDec, sub, ZERO } from '../../../platform/decimal.ts';

/** Digits after the point of a percentage or percentage points (0.1, as NBS releases). */
export const PERCENT_SCALE = 1;

export type DecInput = Dec | string;

const HUNDRED: Dec = { c: 100n, s: 0 };

function dec(x: DecInput | null | undefined): Dec | null {
  if (x === null || x === undefined) return null;
  if (typeof x !== 'string') return x;
  const d = parseDec(x);
  if (!d) throw new Error(`not a decimal: ${x}`);
  return d;
}

/** (a / b) × 100 rounded to `scale`; null when b is not positive (see the header). */
function percentOver(a: Dec, b: Dec, scale: number): Dec | null {
  if (b.c <= 0n) return null;
  return div(mul(a, HUNDRED), b, scale);
}

/** 同比增长 (%): (current − previous) / previous × 100; null when either is missing or previous ≤ 0. */
export function growthRate(
  current: DecInput | null,
  previous: DecInput | null,
  scale = PERCENT_SCALE,
): Dec | null {
  const cur = dec(current);
  const prev = dec(previous);
  if (!cur || !prev) return null;
  return percentOver(sub(cur, prev), prev, scale);
}

/** The comparable-base (同口径) totals: only units with a value in both periods count. */
export interface ComparableGrowth {
  /** Units present in both periods. */
  units: number;
  current: Dec;
  previous: Dec;
  /** Growth of `current` over `previous` (%), null as for growthRate. */
  rate: Dec | null;
}

/**
 * 同口径增长: sums each period over the units reporting in both (unit id → value), so births,
 * deaths and units entering or leaving the 规模以上 threshold do not count as growth.
 */
export function comparableGrowth(
  current: ReadonlyMap<string, DecInput | null>,
  previous: ReadonlyMap<string, DecInput | null>,
  scale = PERCENT_SCALE,
): ComparableGrowth {
  let cur = ZERO;
  let prev = ZERO;
  let units = 0;
  for (const [unit, raw] of current) {
    const c = dec(raw);
    const p = dec(previous.get(unit));
    if (!c || !p) continue;
    cur = add(cur, c);
    prev = add(prev, p);
    units++;
  }
  return { units, current: cur, previous: prev, rate: units ? growthRate(cur, prev, scale) : null };
}

/**
 * 1–m月累计: the sum of months 1…m (monthly[0] is January); null when any of them is missing, since
 * a partial sum published as year to date would understate it.
 */
export function yearToDate(monthly: readonly (DecInput | null)[], throughMonth: number): Dec | null {
  if (!Number.isInteger(throughMonth) || throughMonth < 1 || throughMonth > 12) {
    throw new Error(`month out of range: ${throughMonth}`);
  }
  let sum = ZERO;
  for (let m = 0; m < throughMonth; m++) {
    const v = dec(monthly[m]);
    if (!v) return null;
    sum = add(sum, v);
  }
  return sum;
}

/** The running year-to-date series (累计值) of up to 12 monthly values; null from the first gap on. */
export function yearToDateSeries(monthly: readonly (DecInput | null)[]): (Dec | null)[] {
  const out: (Dec | null)[] = [];
  let sum: Dec | null = ZERO;
  for (const raw of monthly.slice(0, 12)) {
    const v = dec(raw);
    sum = sum && v ? add(sum, v) : null;
    out.push(sum);
  }
  return out;
}

/** 比重 (%): part / total × 100; null when either is missing or total ≤ 0. */
export function share(part: DecInput | null, total: DecInput | null, scale = PERCENT_SCALE): Dec | null {
  const p = dec(part);
  const t = dec(total);
  if (!p || !t) return null;
  return percentOver(p, t, scale);
}

/** A part's and the total's values in the current period and the same period last year. */
export interface PartAndTotal {
  partCurrent: DecInput | null;
  partPrevious: DecInput | null;
  totalCurrent: DecInput | null;
  totalPrevious: DecInput | null;
}

/**
 * 贡献率 (%): Δpart / Δtotal × 100 — the share of the total's increase that came from the part;
 * the parts' rates sum to 100 (before rounding). Null when an input is missing or Δtotal = 0.
 */
export function contributionRate(x: PartAndTotal, scale = PERCENT_SCALE): Dec | null {
  const [pc, pp, tc, tp] = [x.partCurrent, x.partPrevious, x.totalCurrent, x.totalPrevious].map(dec);
  if (!pc || !pp || !tc || !tp) return null;
  const dTotal = sub(tc, tp);
  if (dTotal.c === 0n) return null;
  return div(mul(sub(pc, pp), HUNDRED), dTotal, scale);
}

/**
 * 拉动 (percentage points): Δpart / total last year × 100 — how much of the total's growth rate
 * the part accounts for; the parts' pulls sum to the total's growth rate (before rounding).
 * Null when an input is missing or last year's total ≤ 0. (The total's current value is unused.)
 */
export function pull(x: Omit<PartAndTotal, 'totalCurrent'>, scale = PERCENT_SCALE): Dec | null {
  const [pc, pp, tp] = [x.partCurrent, x.partPrevious, x.totalPrevious].map(dec);
  if (!pc || !pp || !tp) return null;
  return percentOver(sub(pc, pp), tp, scale);
}
