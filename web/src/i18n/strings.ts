import { useLocale, type Locale } from './locale';

/**
 * A screen's texts in every language. Japanese must have exactly the English keys: a missing
 * or an extra key fails to compile. Placeholders are written `{name}` and filled by `fill`.
 */
export type Strings<E extends Record<string, string>> = { en: E } & { [L in Exclude<Locale, 'en'>]: { [K in keyof E]: string } };

/** Declares a screen's texts; the type parameter is inferred from `en` only, so `ja` is checked against it. */
export function defineStrings<const E extends Record<string, string>>(strings: { en: E; ja: NoInfer<{ [K in keyof E]: string }> }): Strings<E> {
  return strings;
}

/** The texts of the chosen language; the component renders again when the language changes. */
export function useStrings<E extends Record<string, string>>(strings: Strings<E>): { [K in keyof E]: string } {
  const { locale } = useLocale();
  return strings[locale];
}

/** Replaces `{name}` placeholders with values; an unknown placeholder is left as written. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
