import cliProgress from 'cli-progress';
import { createPool } from '../../shared/db/pool.js';
import { listRollupFailures } from '../../shared/rollup/failures.js';
import { daysBetween, isDay } from '../../shared/days.js';
import { mergeMonthSets, rollupDay } from '../../worker/rollup/rollupDay.js';
import { cliContext, printJson } from '../context.js';
import { requireProjectId } from './projectId.js';

export interface RollupRebuildOptions {
  project: string;
  from: string;
  to: string;
}

export interface RollupRebuildSummary {
  projectId: string;
  from: string;
  to: string;
  /** Days rebuilt (from and to included). */
  days: number;
  /** rollup_seq of the first and last day rebuilt. */
  firstSeq: number;
  lastSeq: number;
  elapsedMs: number;
}

/** Longest range one command rebuilds; beyond the retention of raw events there is nothing to read. */
const MAX_DAYS = 3700;

/** The first local day whose raw events are complete (null: retention never deleted any). */
const FIRST_KEPT_DAY_SQL = `select to_char(raw_kept_from at time zone timezone, 'YYYY-MM-DD') as first_kept_day from projects where id = $1`;

/**
 * Rebuilds a project's days in order with the current rules and settings, through the same
 * `rollupDay` as scheduled jobs: it waits for the project's rollup lock when a scheduled
 * rollup holds it, and never fails because of that. Each month's member sets are merged
 * once, after its last day. Progress goes to stderr, the JSON summary to stdout.
 */
export async function rollupRebuildCommand(opts: RollupRebuildOptions): Promise<void> {
  requireProjectId(opts.project);
  for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (!isDay(value)) throw new Error(`${name} must be a calendar day YYYY-MM-DD: ${value}`);
  }
  if (opts.to < opts.from) throw new Error(`--to (${opts.to}) is before --from (${opts.from})`);
  const days = daysBetween(opts.from, opts.to);
  if (days.length > MAX_DAYS) throw new Error(`at most ${MAX_DAYS} days at once; got ${days.length}`);

  const ctx = await cliContext();
  const pool = createPool(ctx.config, 2);
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'rollup {bar} {value}/{total} days | {day} | eta {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  try {
    const found = await pool.query<{ first_kept_day: string | null }>(FIRST_KEPT_DAY_SQL, [opts.project]);
    if (found.rowCount === 0) throw new Error(`unknown project: ${opts.project}`);
    const firstKept = found.rows[0]?.first_kept_day ?? null;
    if (firstKept !== null && opts.from < firstKept) {
      throw new Error(
        `retention has deleted raw events before ${firstKept}, so days before it cannot be rebuilt (their figures are kept as they are); the first day that can be rebuilt is ${firstKept}`,
      );
    }
    const started = Date.now();
    let firstSeq = 0;
    let lastSeq = 0;
    bar.start(days.length, 0, { day: opts.from });
    for (const [i, day] of days.entries()) {
      const { seq } = await rollupDay(pool, opts.project, day, { mergeMonth: false, ruleLimits: ctx.config.rules, caps: ctx.config.rollup.caps });
      if (firstSeq === 0) firstSeq = seq;
      lastSeq = seq;
      // Each month is merged once, after its last rebuilt day, not once per day.
      const next = days[i + 1];
      if (next === undefined || next.slice(0, 7) !== day.slice(0, 7)) await mergeMonthSets(pool, opts.project, `${day.slice(0, 7)}-01`);
      bar.increment(1, { day });
    }
    bar.stop();
    const summary: RollupRebuildSummary = {
      projectId: opts.project,
      from: opts.from,
      to: opts.to,
      days: days.length,
      firstSeq,
      lastSeq,
      elapsedMs: Date.now() - started,
    };
    printJson(summary);
  } finally {
    bar.stop();
    await pool.end();
    await ctx.stop();
  }
}

/** Prints the project-days whose rollup fails on their data, longest failing first, as JSON. */
export async function rollupFailuresCommand(opts: { project?: string; limit: number }): Promise<void> {
  if (opts.project !== undefined) requireProjectId(opts.project);
  if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new Error(`--limit must be a whole number above 0: ${String(opts.limit)}`);
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    printJson(await listRollupFailures(pool, { projectId: opts.project, limit: opts.limit }));
  } finally {
    await pool.end();
    await ctx.stop();
  }
}
