import { LOCALES, useLocale } from '../i18n/locale';
import { useStrings } from '../i18n/strings';
import { strings } from './strings';

const NAMES = { en: 'English', ja: '日本語' } as const;

/** English or Japanese; remembered in this browser. */
export function LanguageSwitch() {
  const t = useStrings(strings);
  const { locale, setLocale } = useLocale();
  return (
    <label class="select-label language-switch">
      <span class="visually-hidden">{t.language}</span>
      <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as typeof locale)} data-testid="language">
        {LOCALES.map((l) => (
          <option value={l} key={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
