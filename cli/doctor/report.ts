import type { CheckResult } from './verdict.js';

/** `ok    redis       maxmemory-policy noeviction, AOF on`, and ` — what to do` after a warn or fail. */
export function reportLines(results: readonly CheckResult[]): string[] {
  const width = Math.max(...results.map((r) => r.check.length));
  return results.map((r) => `${r.status.padEnd(4)}  ${r.check.padEnd(width)}  ${r.found}${r.advice === '' ? '' : ` — ${r.advice}`}`);
}

export function anyFailed(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}
