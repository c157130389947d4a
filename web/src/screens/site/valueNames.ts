import { useMemo } from 'preact/hooks';
import { NONE, OTHER } from '../../api/reportTypes';
import { useLocale } from '../../i18n/locale';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';

/**
 * How the values of the breakdowns read: `(none)` and `(other)` in words, source classes and
 * device types translated, countries and languages named in the reader's language by `Intl`
 * (the code stays beside a language, which people know by its code too). Text only.
 */
export interface ValueNames {
  value: (value: string) => string;
  source: (value: string) => string;
  country: (code: string) => string;
  language: (code: string) => string;
}

export function useValueNames(): ValueNames {
  const t = useStrings(strings);
  const { locale } = useLocale();
  return useMemo(() => {
    const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    const languages = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    const special = (v: string) => (v === NONE ? t.none : v === OTHER ? t.other : undefined);
    const sources: Record<string, string> = { direct: t.direct, search: t.search, social: t.social, referral: t.referral };
    const named = (names: Intl.DisplayNames, code: string) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    };
    return {
      value: (v) => special(v) ?? v,
      source: (v) => special(v) ?? sources[v] ?? v,
      country: (code) => special(code) ?? named(regions, code),
      language: (code) => {
        const s = special(code);
        if (s !== undefined) return s;
        const name = named(languages, code);
        return name === code ? code : `${name} (${code})`;
      },
    };
  }, [t, locale]);
}
