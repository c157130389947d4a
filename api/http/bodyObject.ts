import type { z } from 'zod';
import { FORBIDDEN_KEYS } from '../../shared/events/limits.js';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { HttpError } from './errors.js';

/**
 * A parsed JSON body that must be an object: no prototype keys at its top level, then the
 * schema; every fault is a 400 `invalid_body` naming the field (`body` when it is not an object,
 * with `notObject` saying what was expected).
 */
export function parseBodyObject<S extends z.ZodType>(raw: unknown, schema: S, notObject: string): z.infer<S> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new HttpError(400, 'invalid_body', notObject, { field: 'body' });
  }
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) throw new HttpError(400, 'invalid_body', 'forbidden key', { field: key });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = firstInputIssue(parsed.error, raw);
    const field = issue?.field || 'body';
    throw new HttpError(400, 'invalid_body', `${field} ${issue?.reason ?? 'is invalid'}`, { field });
  }
  return parsed.data;
}
