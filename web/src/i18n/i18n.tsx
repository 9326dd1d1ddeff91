/**
 * The chosen language: zh-CN by default, en-US on request. The choice lives in a `lang` cookie
 * that the server also reads (so problem messages come back in the same language), and
 * `<html lang>` follows it for screen readers and fonts.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { enUS } from './en-US.ts';
import { interpolate, type Locale } from './format.ts';
import { type MessageKey, type Messages, zhCN } from './zh-CN.ts';

export type { Locale } from './format.ts';
export type { MessageKey } from './zh-CN.ts';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
const CATALOGUES: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Reads the `lang` cookie; anything unknown falls back to zh-CN. */
export function initialLocale(cookie = typeof document === 'undefined' ? '' : document.cookie): Locale {
  const m = /(?:^|;\s*)lang=([^;]+)/.exec(cookie);
  const v = m ? decodeURIComponent(m[1]) : '';
  return v.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN';
}

/** Translates a key in a locale (outside React, e.g. in the API client). */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, unknown>): string {
  return interpolate(CATALOGUES[locale][key] ?? zhCN[key], params, locale);
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Record<string, unknown>): string;
}

const I18nContext = createContext<I18n | null>(null);

/** The language for the current request, kept in sync with the API client. */
let current: Locale = initialLocale();
export const currentLocale = (): Locale => current;

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(current);
  useEffect(() => {
    current = locale;
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.name');
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    current = l;
    // One year; SameSite=Lax like the session cookie. The server reads it, so it must be a cookie.
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we support
    document.cookie = `lang=${encodeURIComponent(l)}; path=/; max-age=31536000; samesite=lax`;
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The language, its setter and `t()`. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
