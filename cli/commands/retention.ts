import { createPool } from '../../shared/db/pool.js';
import { isDay } from '../../shared/days.js';
import type { RetentionReport } from '../../shared/retention/report.js';
import { runRetention } from '../../shared/retention/runRetention.js';
import { cliContext, printJson } from '../context.js';
import { requireProjectId } from './projectId.js';

export interface RetentionRunOptions {
  asOf?: string;
  dryRun: boolean;
  project?: string;
  json: boolean;
}

/**
 * `--as-of`: an ISO instant, or a day (taken at 12:00 UTC, which is that same calendar day in
 * nearly every zone). Checked before any connection is opened.
 */
export function parseAsOf(value: string | undefined): Date {
  if (value === undefined) return new Date();
  if (isDay(value)) return new Date(`${value}T12:00:00Z`);
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) throw new Error(`--as-of must be a day YYYY-MM-DD or an ISO instant: ${value}`);
  return new Date(t);
}

/** Runs retention by hand (the clock runs it daily) and prints what it deleted, or with --dry-run what it would. */
export async function retentionRunCommand(opts: RetentionRunOptions): Promise<void> {
  const asOf = parseAsOf(opts.asOf);
  const projectId = opts.project === undefined ? undefined : requireProjectId(opts.project);
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    if (projectId !== undefined && (await pool.query('select 1 from projects where id = $1', [projectId])).rowCount === 0) {
      throw new Error(`unknown project: ${projectId}`);
    }
    const report = await runRetention(pool, { asOf, dryRun: opts.dryRun, projectId, deadLetterRetentionDays: ctx.config.retention.deadLetterDays });
    if (opts.json) printJson(report);
    else process.stdout.write(formatReport(report));
  } finally {
    await pool.end();
    await ctx.stop();
  }
}

/** The report as aligned plain-text tables for a terminal. */
export function formatReport(report: RetentionReport): string {
  const verb = report.dryRun ? 'to delete' : 'deleted';
  const lines = [`retention as of ${report.asOf}${report.dryRun ? ' (dry run: nothing deleted)' : ''}, ${report.durationMs} ms`, ''];
  lines.push(
    ...table(
      ['project', 'days', 'kept from', 'events', 'event ids', 'plays', 'milestones', 'sessions', 'form submits', 'form starts', 'video states', 'ms'],
      report.projects.map((p) => [
        p.projectId, p.retentionDays, p.cutoff, p.events, p.eventIds, p.plays, p.playMilestones, p.sessions, p.formSubmissions, p.formStarts, p.videoStates, p.durationMs,
      ]),
    ),
    '',
  );
  if (report.partitions.length === 0) lines.push(`partitions ${report.dryRun ? 'that would be dropped' : 'dropped'}: none`);
  else {
    lines.push(
      ...table(
        ['partition', 'events', 'event ids', 'ids ms', 'drop ms'],
        report.partitions.map((p) => [p.name, p.events, p.eventIds, p.forgetMs, p.dropMs]),
      ),
    );
  }
  lines.push('', `dead letters ${verb}: ${report.deadLetters}`, `rows ${verb}: ${report.rowsDeleted}`, '');
  return lines.join('\n');
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (typeof rows[0]?.[i] === 'number' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}
