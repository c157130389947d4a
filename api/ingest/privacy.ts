import type { IngestEvent } from '../../shared/events/schema.js';

/**
 * form_submit privacy, applied before the queue: values survive only for allowlisted fields,
 * and even then never when they look like a password, a card number or an e-mail address.
 */
export function scrubFormValues<E extends IngestEvent>(event: E, allowlist: ReadonlySet<string>): E {
  if (event.type !== 'form_submit' || event.values === undefined) return event;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.values)) {
    if (!allowlist.has(name) || looksSecretName(name) || looksLikeCardNumber(value) || looksLikeEmail(value)) continue;
    kept[name] = value;
  }
  const copy = { ...event };
  if (Object.keys(kept).length > 0) copy.values = kept;
  else delete copy.values;
  return copy;
}

/** A field whose name says it holds a credential, whatever the allowlist says. */
export function looksSecretName(name: string): boolean {
  return /pass|pwd|secret|token/i.test(name);
}

/** 13-19 digits (spaces and dashes ignored) passing the Luhn check, anywhere in the value. */
export function looksLikeCardNumber(value: string): boolean {
  for (const run of value.match(/\d[\d -]{11,}\d/g) ?? []) {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

export function looksLikeEmail(value: string): boolean {
  return /[^\s@]+@[^\s@]+\.[^\s@]+/.test(value);
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
