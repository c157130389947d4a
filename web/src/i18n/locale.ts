import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'cuepoint.locale';

/** The saved choice, else the browser's language when it is Japanese, else English. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ja') return saved;
  } catch {
    // Storage can be disabled; the browser's language decides then.
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
  document.documentElement.lang = locale;
}

export interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

export const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => undefined });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}
