import type pg from 'pg';
import type { StatsScope } from '../figures.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';

/** One form's figures over a range (or the forms past the limit together). */
export interface FormFigures {
  starts: number;
  completed: number;
  submits: number;
  /** completed / starts; null without starts. */
  completionRate: number | null;
  abandonRate: number | null;
  avgSecondsToComplete: number | null;
  medianSecondsToComplete: number | null;
}

export interface FormsFigures {
  forms: (FormFigures & { formId: string })[];
  other: FormFigures | undefined;
}

/** The merged figures of one form before ratios: sums, and the histogram of whole seconds. */
interface FormTotals {
  starts: number;
  completed: number;
  submits: number;
  secondsSum: number;
  secondsCount: number;
  hist: Map<number, number>;
}

const SUMS_SQL = `select form_id, sum(starts)::text as starts, sum(completed)::text as completed, sum(submits)::text as submits,
    sum(seconds_sum) as seconds_sum, sum(seconds_count)::text as seconds_count
  from daily_forms where ${RANGE} group by form_id`;

const HIST_SQL = `select d.form_id, h.key::bigint::text as second, sum(h.value::bigint)::text as n
  from daily_forms d, jsonb_each_text(d.seconds_hist) h
  where ${RANGE}
  group by 1, 2`;

/**
 * Per form: starts, attempts completed, submits, and the time to complete (mean from the summed
 * seconds, median from the merged histograms, exact to the second). By starts, then submits,
 * then id: the first `limit`, the rest merged into `other`.
 */
export async function queryForms(client: pg.ClientBase, scope: StatsScope, limit: number): Promise<FormsFigures> {
  const params = rangeParams(scope);
  const sums = await client.query<{ form_id: string; starts: string; completed: string; submits: string; seconds_sum: number; seconds_count: string }>(SUMS_SQL, params);
  const hists = await client.query<{ form_id: string; second: string; n: string }>(HIST_SQL, params);
  const totals = new Map<string, FormTotals>();
  for (const r of sums.rows) {
    totals.set(r.form_id, {
      starts: num(r.starts),
      completed: num(r.completed),
      submits: num(r.submits),
      secondsSum: r.seconds_sum,
      secondsCount: num(r.seconds_count),
      hist: new Map(),
    });
  }
  for (const r of hists.rows) totals.get(r.form_id)?.hist.set(Number(r.second), num(r.n));
  const ordered = [...totals.entries()].sort(([a, x], [b, y]) => y.starts - x.starts || y.submits - x.submits || (a < b ? -1 : a > b ? 1 : 0));
  const forms = ordered.slice(0, limit).map(([formId, t]) => ({ formId, ...figuresOf(t) }));
  const rest = ordered.slice(limit).map(([, t]) => t);
  return { forms, other: rest.length === 0 ? undefined : figuresOf(rest.reduce(merge)) };
}

function merge(a: FormTotals, b: FormTotals): FormTotals {
  const hist = new Map(a.hist);
  for (const [second, n] of b.hist) hist.set(second, (hist.get(second) ?? 0) + n);
  return {
    starts: a.starts + b.starts,
    completed: a.completed + b.completed,
    submits: a.submits + b.submits,
    secondsSum: a.secondsSum + b.secondsSum,
    secondsCount: a.secondsCount + b.secondsCount,
    hist,
  };
}

function figuresOf(t: FormTotals): FormFigures {
  const completionRate = t.starts === 0 ? null : t.completed / t.starts;
  return {
    starts: t.starts,
    completed: t.completed,
    submits: t.submits,
    completionRate,
    abandonRate: completionRate === null ? null : 1 - completionRate,
    avgSecondsToComplete: t.secondsCount === 0 ? null : round4(t.secondsSum / t.secondsCount),
    medianSecondsToComplete: medianOf(t.hist),
  };
}

/** The median of a histogram of whole seconds: the middle value, or the mean of the two middle ones. */
export function medianOf(hist: ReadonlyMap<number, number>): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const lower = nth(hist, Math.floor((total - 1) / 2));
  const upper = nth(hist, Math.floor(total / 2));
  return (lower + upper) / 2;
}

/** The value at 0-based position `k` of the sorted values the histogram counts. */
function nth(hist: ReadonlyMap<number, number>, k: number): number {
  let seen = 0;
  for (const [second, n] of [...hist.entries()].sort(([a], [b]) => a - b)) {
    seen += n;
    if (k < seen) return second;
  }
  throw new RangeError('position past the histogram');
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
