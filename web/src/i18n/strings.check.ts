/**
 * Compile-time only (`tsc -p web`, never imported by the app): Japanese texts must have exactly
 * the English keys.
 */
import { defineStrings } from './strings';

export const complete = defineStrings({ en: { a: 'A', b: 'B' }, ja: { a: 'エー', b: 'ビー' } });

// @ts-expect-error a key missing in Japanese
export const missing = defineStrings({ en: { a: 'A', b: 'B' }, ja: { a: 'エー' } });

// @ts-expect-error a key only in Japanese
export const extra = defineStrings({ en: { a: 'A' }, ja: { a: 'エー', z: 'ゼット' } });
