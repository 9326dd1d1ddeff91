/**
 * Pure helpers of the monitoring pages: the drill-down path city → county → township from a
 * division code, rates as percentages with explicit rounding, the figures the chart plots, and
 * reminder offsets in words. No I/O, so they are unit-tested.
 */
import { formatNumber, type Locale } from '../../i18n/format.ts';

export type DivisionLevel = 'city' | 'county' | 'township';

/** The level of a division code: 9 digits a township, `xxxx00` a city, other 6 digits a county. */
export function levelOf(code: string): DivisionLevel {
  if (code.length === 9) return 'township';
  return code.endsWith('00') ? 'city' : 'county';
}

/** The division above (township → county → city); null for a city. */
export function parentOf(code: string): string | null {
  const level = levelOf(code);
  if (level === 'township') return code.slice(0, 6);
  if (level === 'county') return `${code.slice(0, 4)}00`;
  return null;
}

/**
 * The breadcrumb from the viewer's own area down to `code`: codes from the top, never above
 * `root` (a county statistician's path starts at their county).
 */
export function drillPath(code: string, root: string | null): string[] {
  const out: string[] = [];
  let cur: string | null = code;
  while (cur) {
    out.unshift(cur);
    if (cur === root) break;
    cur = parentOf(cur);
  }
  return out;
}

/** A rate (0–1) as a percentage with one decimal, e.g. 0.8333 → "83.3%"; null → a dash. */
export function formatRate(rate: number | null | undefined, locale: Locale): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${formatNumber(rate * 100, locale, 1)}%`;
}

export const SERIES = ['expected', 'reported', 'approved', 'onTime', 'late'] as const;
export type Series = (typeof SERIES)[number];

/** One bar group per child division: its name and each series' count. */
export function chartRows(
  children: readonly { code: string; name: string; figures: Record<Series, number> }[],
): { names: string[]; series: Record<Series, number[]> } {
  const series = Object.fromEntries(SERIES.map((s) => [s, children.map((c) => c.figures[s])])) as Record<
    Series,
    number[]
  >;
  return { names: children.map((c) => c.name), series };
}

/** A reminder offset in words: -3 → "3 days before", 0 → "on the day", 2 → "2 days after". */
export function offsetText(days: number, locale: Locale): string {
  const en = locale === 'en-US';
  if (days === 0) return en ? 'on the deadline' : '截止当天';
  const n = Math.abs(days);
  if (days < 0) return en ? `${n} day${n === 1 ? '' : 's'} before` : `截止前 ${n} 天`;
  return en ? `${n} day${n === 1 ? '' : 's'} after` : `截止后 ${n} 天`;
}

/** Parses "-3, 0, 2" into sorted distinct offsets; null when anything is not a whole number in range. */
export function parseOffsets(text: string): number[] | null {
  const parts = text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length || parts.length > 10) return null;
  const nums = parts.map(Number);
  if (nums.some((n) => !Number.isInteger(n) || n < -60 || n > 60)) return null;
  if (new Set(nums).size !== nums.length) return null;
  return nums.sort((a, b) => a - b);
}
