/**
 * The one place numbers and dates become text. Rounding is explicit (half away from zero, as
 * statistical tables round) so a figure reads the same in every language and on every page.
 */
export type Locale = 'zh-CN' | 'en-US';

const cache = new Map<string, Intl.NumberFormat>();

/** Formats a number with exactly `decimals` fraction digits (default 0) and locale grouping. */
export function formatNumber(
  value: number | null | undefined,
  locale: Locale,
  decimals = 0,
  empty = '—',
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return empty;
  const key = `${locale}|${decimals}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      roundingMode: 'halfExpand',
    } as Intl.NumberFormatOptions);
    cache.set(key, f);
  }
  // -0 after rounding would print as "-0"; a table shows it as 0.
  const out = f.format(value);
  return /^-0([.,]0*)?$/.test(out) ? out.slice(1) : out;
}

/** Formats an ISO date or timestamp as a local date (and time when `withTime`). */
export function formatDate(
  iso: string | null | undefined,
  locale: Locale,
  withTime = false,
  empty = '—',
): string {
  if (!iso) return empty;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(d);
}

/** Replaces `{name}` placeholders; numbers are formatted for the locale. */
export function interpolate(
  template: string,
  params: Record<string, unknown> | undefined,
  locale: Locale,
): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    if (typeof v === 'number') return formatNumber(v, locale, Number.isInteger(v) ? 0 : 2);
    return String(v);
  });
}
