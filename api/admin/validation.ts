import { z } from 'zod';
import { findUnsafeValue } from '../../shared/events/safety.js';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { HttpError } from '../http/errors.js';

export interface ParseOptions {
  /** Fields that exist but may not be changed; named as such instead of "unknown". */
  immutable?: readonly string[];
}

/** Validates input with zod; the first problem becomes a 400 naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: ParseOptions = {}): z.output<S> {
  // NUL characters and lone surrogates would reach PostgreSQL and fail there as a 500.
  const unsafe = findUnsafeValue(value);
  if (unsafe) throw new HttpError(400, 'invalid_field', `${unsafe.field || 'body'} ${unsafe.reason}`, { field: unsafe.field || 'body' });
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = firstInputIssue(parsed.error, value);
  if (!issue) throw new HttpError(400, 'invalid_field', 'the input is invalid', { field: 'body' });
  const field = issue.field || 'body';
  const reason = issue.unknownField && options.immutable?.includes(field) ? 'is immutable' : issue.reason;
  throw new HttpError(400, 'invalid_field', `${field} ${reason}`, { field });
}

/** A path parameter, validated like a body field. */
export function parseParam<S extends z.ZodType>(params: Partial<Record<string, string>>, name: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(params[name]);
  if (parsed.success) return parsed.data;
  throw new HttpError(400, 'invalid_field', `${name} ${firstInputIssue(parsed.error, params[name])?.reason ?? 'is invalid'}`, { field: name });
}

/** An absolute http(s) URL within the stored column's cap. */
export const HttpUrl = z
  .string()
  .max(2048)
  .refine((s) => URL.canParse(s) && /^https?:$/i.test(new URL(s).protocol), 'must be an absolute http(s) URL');

export const Label = z.string().trim().min(1).max(256);

/** Duplicates in a list setting are noise; keep the first of each. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, 'not_found', `${what} ${id} does not exist in this project`);
}

export function duplicate(field: string, id: string): HttpError {
  return new HttpError(409, 'duplicate', `${field} ${id} already exists in this project`, { field });
}
