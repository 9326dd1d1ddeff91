/** Small display helpers for the survey pages. */
import type { Locale, MessageKey } from '../../i18n/i18n.tsx';
import type { Tone } from '../../ui/ui.tsx';

export const local = (t: { zh: string; en: string } | null | undefined, locale: Locale) =>
  t ? (locale === 'en-US' ? t.en : t.zh) : '';

export const freqLabel = (f: string): MessageKey => `freq.${f}` as MessageKey;

export const statusLabel = (s: string): MessageKey =>
  s === 'active' ? 'surveys.active' : s === 'retired' ? 'surveys.retired' : 'surveys.draft';

export const statusTone = (s: string): Tone =>
  s === 'active' ? 'success' : s === 'draft' ? 'info' : 'neutral';
