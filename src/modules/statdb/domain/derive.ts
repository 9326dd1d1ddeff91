/**
 * Derived figures of a series, on the fly (派生指标): 同比 (over the same period last year), 环比
 * (over the previous period), 累计 (year to date, for flows) and 累计增长 — computed exactly with
 * aggregation's derived-indicator functions, so every figure is rounded once, half away from
 * zero, to the 0.1 a release prints. Pure.
 */
import { decToText } from '../../../platform/decimal.ts';
import { growthRate, PERCENT_SCALE, yearToDate } from '../../aggregation/domain/derived.ts';
import { periods } from '../../surveys/index.ts';
import type { FrequencyCode, IndicatorKind } from '../contract.ts';
import { FREQUENCY_OF } from './dims.ts';

export interface Derived {
  yoy: string | null;
  pop: string | null;
  ytd: string | null;
  ytdYoy: string | null;
}

// Growth is printed with its one decimal even when it is zero (10.0, not 10), as releases do.
const text = (d: ReturnType<typeof growthRate>) => (d ? decToText(d, PERCENT_SCALE) : null);

/**
 * The derived figures of each period of one series. `values` maps period text → value (it may
 * reach back before the periods asked for: last year's values make this year's 同比 and 累计增长).
 */
export function deriveSeries(
  frequency: FrequencyCode,
  kind: IndicatorKind,
  values: ReadonlyMap<string, string | null>,
  at: readonly string[],
): Map<string, Derived> {
  const out = new Map<string, Derived>();
  const none: Derived = { yoy: null, pop: null, ytd: null, ytdYoy: null };
  const get = (p: periods.Period) => values.get(periods.formatPeriod(p)) ?? null;
  // Year to date of the year of p, through p (null when a period of it is missing).
  const ytdOf = (p: periods.Period) => {
    const months: (string | null)[] = [];
    for (let i = 1; i <= p.index; i++) months.push(get({ ...p, index: i }));
    return yearToDate(months, p.index);
  };
  for (const text_ of at) {
    const p = periods.parsePeriodOf(text_, FREQUENCY_OF[frequency]);
    if (!p || kind === 'index') {
      out.set(text_, none);
      continue;
    }
    const cur = get(p);
    const lastYear = periods.samePeriodLastYear(p);
    const yoy = text(growthRate(cur, get(lastYear)));
    // For annual series 环比 is 同比; report it once, as 同比.
    const pop = frequency === 'A' ? null : text(growthRate(cur, get(periods.previousPeriod(p))));
    let ytd: string | null = null;
    let ytdYoy: string | null = null;
    if (kind === 'flow' && frequency !== 'A') {
      const thisYear = ytdOf(p);
      ytd = thisYear ? decToText(thisYear) : null;
      ytdYoy = text(growthRate(thisYear, ytdOf(lastYear)));
    }
    out.set(text_, { yoy, pop, ytd, ytdYoy });
  }
  return out;
}
