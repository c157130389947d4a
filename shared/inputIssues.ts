import type { z } from 'zod';

/**
 * One problem with input checked by a zod schema, in the words every answer uses:
 * "<field> <reason>". Client bodies, query strings, job data out of Redis and the environment
 * all report through here, so one wording covers them all.
 */
export interface InputIssue {
  /** Dotted path of the field at fault (`allowedOrigins.0`); '' for the input as a whole. */
  field: string;
  /** `is required`, `is not a known field`, or the schema's own message. */
  reason: string;
  /** A field the schema does not have; callers may word that themselves (`is immutable`). */
  unknownField: boolean;
}

/** The first problem zod found in `input`; undefined when it reported none. */
export function firstInputIssue(error: z.ZodError, input: unknown): InputIssue | undefined {
  const issue = error.issues[0];
  return issue === undefined ? undefined : toInputIssue(issue, input);
}

/** Every problem zod found in `input`, in its order. */
export function inputIssues(error: z.ZodError, input: unknown): InputIssue[] {
  return error.issues.map((issue) => toInputIssue(issue, input));
}

/**
 * A field is "required" only when `input` holds nothing at its path. zod leaves the received
 * value out of its issues, so the issue alone cannot tell a missing field from one of the wrong
 * type (`{"name": 5}` is not a missing name); the input can.
 */
function toInputIssue(issue: z.core.$ZodIssue, input: unknown): InputIssue {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return { field: pathText(key === undefined ? issue.path : [...issue.path, key]), reason: 'is not a known field', unknownField: true };
  }
  const missing = valueAt(input, issue.path) === undefined;
  return { field: pathText(issue.path), reason: missing ? 'is required' : issue.message, unknownField: false };
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The input's own value at `path`; inherited properties are not the client's. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
