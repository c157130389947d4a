import { LIMITS } from '../../shared/events/limits.js';
import type { IngestEvent } from '../../shared/events/schema.js';

/** What replaces a value, or the part of one, that must not be stored. */
export const REDACTED = '[REDACTED]';

/**
 * form_submit privacy, applied before the queue: a value survives only for a field on the
 * project's allowlist, and even then it is redacted: a field named like a credential or an
 * identifier keeps `[REDACTED]` alone, and inside any other value every card number, US social
 * security number and e-mail address becomes `[REDACTED]`.
 */
export function scrubFormValues<E extends IngestEvent>(event: E, allowlist: ReadonlySet<string>): E {
  if (event.type !== 'form_submit' || event.values === undefined) return event;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.values)) {
    if (!allowlist.has(name)) continue;
    // defineProperty: a field called `__proto__` must stay a field.
    Object.defineProperty(kept, name, { value: redactValue(name, value), enumerable: true, writable: true, configurable: true });
  }
  const copy = { ...event };
  if (Object.keys(kept).length > 0) copy.values = kept;
  else delete copy.values;
  return copy;
}

/** The stored form of one allowlisted value. */
export function redactValue(name: string, value: string): string {
  if (looksSecretName(name)) return REDACTED;
  const redacted = redactEmails(redactSsns(redactCardNumbers(value)));
  // `a@b.c` grows into the placeholder; the stored value keeps the contract's cap (whole code points).
  return redacted.length <= LIMITS.labelChars ? redacted : Array.from(redacted).slice(0, LIMITS.labelChars).join('');
}

/**
 * Words that name a credential or an identifier wherever they occur in a field name; long and
 * specific enough that a word containing them is still about them (`newPassword`, `apitoken`).
 */
const SECRET_PARTS = ['password', 'passwd', 'passcode', 'passphrase', 'secret', 'token', 'creditcard', 'cardnumber'];
/** Short words that count only as a whole word of the name: `pin_code`, not `spinach` or `shipping`. */
const SECRET_WORDS: ReadonlySet<string> = new Set(['pwd', 'pass', 'card', 'cvv', 'cvc', 'csc', 'ssn', 'iban', 'pin']);

/** A field whose name says it holds a credential or an identifier, whatever the allowlist says. */
export function looksSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_PARTS.some((part) => lower.includes(part))) return true;
  return nameWords(name).some((word) => SECRET_WORDS.has(word));
}

/** `userPIN_code2` → user, pin, code, 2: snake, kebab, camel and acronym boundaries, digits apart. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, (_m, a?: string, b?: string, c?: string, d?: string) => (a !== undefined ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Digits with at most one space or dash between neighbours: how card numbers are typed. */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

/**
 * Every Luhn-valid run of 13-19 digits becomes `[REDACTED]`. A longer run (a card number typed
 * before an expiry year) is searched for such a number made of whole groups between separators.
 */
export function redactCardNumbers(value: string): string {
  return value.replace(DIGIT_RUN, (run) => {
    const groups = run.split(/[ -]/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last] ?? '';
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) {
          // The groups after it may hold another number (two cards typed in a row).
          const rest = groups.slice(last + 1).join(' ');
          return [...groups.slice(0, first), REDACTED, ...(rest === '' ? [] : [redactCardNumbers(rest)])].join(' ');
        }
      }
    }
    return run;
  });
}

/** `ddd-dd-dddd` standing alone: an order number such as `123-45-67890` is left as it is. */
export function redactSsns(value: string): string {
  return value.replace(/(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g, REDACTED);
}

export function redactEmails(value: string): string {
  return value.replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, REDACTED);
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
