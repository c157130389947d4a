import { FORBIDDEN_KEYS, LIMITS } from './limits.js';

export interface SafetyIssue {
  field: string;
  reason: string;
}

/**
 * Walks any JSON value and reports the first thing PostgreSQL or a JavaScript consumer
 * would choke on: NUL characters, lone surrogates, prototype keys, excessive nesting.
 * Runs before schema validation so that no such value ever reaches the queue.
 */
export function findUnsafeValue(value: unknown, path: string[] = [], depth = 0): SafetyIssue | undefined {
  if (typeof value === 'string') return checkString(value, path);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= LIMITS.maxDepth) return { field: path.join('.'), reason: `nested deeper than ${LIMITS.maxDepth} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findUnsafeValue(value[i], [...path, String(i)], depth + 1);
      if (issue) return issue;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (FORBIDDEN_KEYS.has(key)) return { field: childPath.join('.'), reason: 'forbidden key' };
    const keyIssue = checkString(key, childPath);
    if (keyIssue) return keyIssue;
    const issue = findUnsafeValue(child, childPath, depth + 1);
    if (issue) return issue;
  }
  return undefined;
}

function checkString(s: string, path: string[]): SafetyIssue | undefined {
  if (s.includes('\u0000')) return { field: path.join('.'), reason: 'contains a NUL character' };
  if (!s.isWellFormed()) return { field: path.join('.'), reason: 'is not well-formed UTF-16' };
  return undefined;
}
