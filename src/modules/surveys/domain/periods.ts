/**
 * Reporting periods (报告期): `2026-10` (monthly), `2026Q3` (quarterly), `2026` (annual). Pure
 * arithmetic: previous period, same period last year, start and end dates, and the deadline
 * instant from a form's deadline rule in Beijing time.
 */

export const FREQUENCIES = ['monthly', 'quarterly', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Period {
  frequency: Frequency;
  year: number;
  /** Month 1–12, quarter 1–4, or 1 for a year. */
  index: number;
}

/** 报送截止规则: a number of days after the period ends, or day N of a month after it ends. */
export type DeadlineRule =
  | { daysAfterPeriodEnd: number; time: string }
  | { monthsAfterPeriodEnd: number; day: number; time: string };

const PER_YEAR: Record<Frequency, number> = { monthly: 12, quarterly: 4, annual: 1 };
const PATTERNS: [Frequency, RegExp][] = [
  ['monthly', /^(\d{4})-(0[1-9]|1[0-2])$/],
  ['quarterly', /^(\d{4})Q([1-4])$/],
  ['annual', /^(\d{4})$/],
];

/** Parses a period text in any of the three formats; null when it is none of them. */
export function parsePeriod(text: string): Period | null {
  for (const [frequency, re] of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < 1900 || year > 2999) return null;
    return { frequency, year, index: frequency === 'annual' ? 1 : Number(m[2]) };
  }
  return null;
}

/** Parses a period that must have the given frequency. */
export function parsePeriodOf(text: string, frequency: Frequency): Period | null {
  const p = parsePeriod(text);
  return p && p.frequency === frequency ? p : null;
}

/** The canonical text of a period. */
export function formatPeriod(p: Period): string {
  switch (p.frequency) {
    case 'monthly':
      return `${p.year}-${String(p.index).padStart(2, '0')}`;
    case 'quarterly':
      return `${p.year}Q${p.index}`;
    case 'annual':
      return String(p.year);
  }
}

/** A number that orders periods of one frequency (and counts the periods between them). */
export function ordinal(p: Period): number {
  return p.year * PER_YEAR[p.frequency] + (p.index - 1);
}

function fromOrdinal(frequency: Frequency, n: number): Period {
  const per = PER_YEAR[frequency];
  return { frequency, year: Math.floor(n / per), index: (n % per) + 1 };
}

/** Moves a period by `n` periods of its own frequency (negative goes back). */
export function shiftPeriod(p: Period, n: number): Period {
  return fromOrdinal(p.frequency, ordinal(p) + n);
}

/** 上期: the period before. */
export const previousPeriod = (p: Period) => shiftPeriod(p, -1);
/** 下期: the period after. */
export const nextPeriod = (p: Period) => shiftPeriod(p, 1);
/** 上年同期: the same period one year earlier. */
export const samePeriodLastYear = (p: Period): Period => ({ ...p, year: p.year - 1 });

/** Whether the period opens its year (year-to-date figures restart here). */
export const isFirstOfYear = (p: Period) => p.index === 1;

/** Negative, zero or positive as a is before, equal to or after b (same frequency). */
export function comparePeriods(a: Period, b: Period): number {
  if (a.frequency !== b.frequency) throw new Error('cannot compare periods of different frequencies');
  return ordinal(a) - ordinal(b);
}

/** Every period from `from` to `to`, inclusive. */
export function periodRange(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let n = ordinal(from); n <= ordinal(to); n++) out.push(fromOrdinal(from.frequency, n));
  return out;
}

const MONTHS_PER: Record<Frequency, number> = { monthly: 1, quarterly: 3, annual: 12 };

function firstMonth(p: Period): number {
  return (p.index - 1) * MONTHS_PER[p.frequency] + 1;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The first calendar day of the period, `YYYY-MM-DD`. */
export function periodStart(p: Period): string {
  return iso(p.year, firstMonth(p), 1);
}

/** The last calendar day of the period, `YYYY-MM-DD`. */
export function periodEnd(p: Period): string {
  const m = firstMonth(p) + MONTHS_PER[p.frequency] - 1;
  return iso(p.year, m, daysIn(p.year, m));
}

/**
 * Beijing time is UTC+8 all year: China has not observed daylight saving time since 1991, so a
 * fixed offset is exact for every reporting period and needs no time-zone database.
 */
const SHANGHAI_OFFSET_HOURS = 8;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The deadline instant of a period under a deadline rule, in Asia/Shanghai time. */
export function deadlineOf(p: Period, rule: DeadlineRule): Date {
  const t = TIME_RE.exec(rule.time);
  if (!t) throw new Error(`bad deadline time ${rule.time}`);
  const [hh, mm] = [Number(t[1]), Number(t[2])];
  const endMonth = firstMonth(p) + MONTHS_PER[p.frequency] - 1;
  let y: number;
  let m: number;
  let d: number;
  if ('daysAfterPeriodEnd' in rule) {
    // Date.UTC normalises day overflow into the following months.
    const end = new Date(Date.UTC(p.year, endMonth - 1, daysIn(p.year, endMonth) + rule.daysAfterPeriodEnd));
    [y, m, d] = [end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate()];
  } else {
    const target = new Date(Date.UTC(p.year, endMonth - 1 + rule.monthsAfterPeriodEnd, 1));
    [y, m] = [target.getUTCFullYear(), target.getUTCMonth() + 1];
    // "Day 31" in a 30-day month means its last day.
    d = Math.min(rule.day, daysIn(y, m));
  }
  return new Date(Date.UTC(y, m - 1, d, hh - SHANGHAI_OFFSET_HOURS, mm));
}

/** The deadline rule as a sentence in both languages (for period lists and previews). */
export function describeDeadline(rule: DeadlineRule): { 'zh-CN': string; 'en-US': string } {
  if ('daysAfterPeriodEnd' in rule) {
    return {
      'zh-CN': `报告期结束后第 ${rule.daysAfterPeriodEnd} 天 ${rule.time} 前`,
      'en-US': `by ${rule.time} on day ${rule.daysAfterPeriodEnd} after the period ends`,
    };
  }
  const zhMonth = rule.monthsAfterPeriodEnd === 1 ? '次月' : `期末后第 ${rule.monthsAfterPeriodEnd} 个月`;
  const enMonth =
    rule.monthsAfterPeriodEnd === 1
      ? 'the following month'
      : `month ${rule.monthsAfterPeriodEnd} after the period`;
  return {
    'zh-CN': `${zhMonth} ${rule.day} 日 ${rule.time} 前`,
    'en-US': `by ${rule.time} on day ${rule.day} of ${enMonth}`,
  };
}
