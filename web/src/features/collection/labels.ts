/** Small display helpers for the reporting pages: status tones, Beijing time, local names. */
import type { Locale, MessageKey } from '../../i18n/i18n.tsx';
import type { Tone } from '../../ui/ui.tsx';
import type { Status } from './api.ts';

export const local = (t: { zh: string; en: string } | null | undefined, locale: Locale) =>
  t ? (locale === 'en-US' ? t.en : t.zh) : '';

export const statusLabel = (s: Status): MessageKey => `collection.status.${s}` as MessageKey;

export const statusTone = (s: Status): Tone =>
  s === 'approved'
    ? 'success'
    : s === 'submitted'
      ? 'info'
      : s === 'returned'
        ? 'danger'
        : s === 'draft'
          ? 'warning'
          : 'neutral';

export const severityLabel = (s: 'fatal' | 'verify' | 'hint'): MessageKey =>
  `collection.severity.${s}` as MessageKey;

export const severityTone = (s: 'fatal' | 'verify' | 'hint'): Tone =>
  s === 'fatal' ? 'danger' : s === 'verify' ? 'warning' : 'info';

/** Whether the unit may still change the form in this status. */
export const editableStatus = (s: Status) => s === 'not_started' || s === 'draft' || s === 'returned';

const bj = new Map<string, Intl.DateTimeFormat>();

/** An instant as Beijing wall-clock time (deadlines are set in Beijing time wherever one reads them). */
export function beijingTime(iso: string | null | undefined, locale: Locale, seconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const key = `${locale}|${seconds}`;
  let f = bj.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hour12: false,
    });
    bj.set(key, f);
  }
  return f.format(d);
}

const PERIOD_RE = /^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/;
/** Whether a text is a period the API accepts (2026-10, 2026Q3, 2026). */
export const isPeriod = (s: string) => PERIOD_RE.test(s);
