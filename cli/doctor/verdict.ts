export type Status = 'ok' | 'warn' | 'fail';

/** What one check found, and what to do about it (empty when there is nothing to do). */
export interface Verdict {
  status: Status;
  found: string;
  advice: string;
}

export interface CheckResult extends Verdict {
  check: string;
}

export const ok = (found: string): Verdict => ({ status: 'ok', found, advice: '' });
export const warn = (found: string, advice: string): Verdict => ({ status: 'warn', found, advice });
export const fail = (found: string, advice: string): Verdict => ({ status: 'fail', found, advice });

/** The worst of several verdicts' statuses. */
export function worst(statuses: readonly Status[]): Status {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
}

/** `1 h 5 min`, `42 s`: ages an operator reads at a glance. */
export function age(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${Math.round(s / 86_400)} days`;
}
