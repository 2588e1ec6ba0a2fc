import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en';
import { type MessageKey, zh } from './zh';

export type Locale = 'zh' | 'en';
export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'songda.locale';

/** The server reads this cookie for what the browser fetches without the console (export downloads). */
function tellServer(locale: Locale): void {
  document.cookie = `songda_lang=${locale === 'en' ? 'en' : 'zh-CN'}; path=/; SameSite=Lax`;
}

export function storedLocale(): Locale {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** `{name}` in a message is replaced by params.name. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The label of an enumeration value (`scan.ACCEPTED`), or the value itself when none is known. */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** `label('scan', 'ACCEPTED')` → 收寄 */
  label: (group: string, value: string) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const stored = storedLocale();
    tellServer(stored);
    return stored;
  });
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    tellServer(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice then lasts for this page only.
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(() => {
    const t: Translate = (key, params) => translate(locale, key, params);
    const label = (group: string, value: string) => {
      const key = `${group}.${value}`;
      return hasMessage(key) ? t(key) : value;
    };
    return { locale, setLocale, t, label };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
