/** Languages the platform speaks. zh-CN is the default; en-US is the switch. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** A message in both languages. */
export interface Bilingual {
  'zh-CN': string;
  'en-US': string;
}

/**
 * Picks the locale from an explicit choice (cookie `lang` or `?lang=`), then Accept-Language,
 * defaulting to zh-CN.
 */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit) {
    const hit = matchLocale(explicit);
    if (hit) return hit;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      const hit = matchLocale(tag);
      if (hit) return hit;
    }
  }
  return DEFAULT_LOCALE;
}

function matchLocale(tag: string): Locale | undefined {
  const t = tag.toLowerCase();
  if (t.startsWith('zh')) return 'zh-CN';
  if (t.startsWith('en')) return 'en-US';
  return undefined;
}

/**
 * Replaces `{name}` placeholders with values; numbers get locale grouping; a Bilingual value gives
 * the text of the locale.
 */
export function interpolate(template: string, params: Record<string, unknown> | undefined, locale: Locale) {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = params[key];
    if (v === undefined || v === null) return whole;
    if (typeof v === 'object' && locale in (v as object))
      return String((v as Record<string, unknown>)[locale]);
    if (typeof v === 'number') return v.toLocaleString(locale);
    return String(v);
  });
}
