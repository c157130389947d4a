import type pg from 'pg';
import { dropPrunedMarks, earliestCutoff, loadCutoffs, raiseKeptFrom } from './cutoffs.js';
import { canDetachConcurrently, dropPartition, type DroppedPartition } from './dropPartition.js';
import { expireDeadLetters } from './expireDeadLetters.js';
import { expireProjectEvents } from './expireEvents.js';
import { expireProjectFacts, factHorizons } from './expireFacts.js';
import { expireProjectForms } from './expireForms.js';
import { expireProjectVideoStates } from './expireVideoStates.js';
import { expiredPartitions, listEventPartitions, partitionsBefore } from './partitions.js';
import type { ProjectRetention, RetentionReport } from './report.js';
import { recordRun, releaseRetentionLock, tryRetentionLock } from './runs.js';

export interface RetentionOptions {
  /** The instant retention is computed for (default: now). */
  asOf?: Date;
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
  /** Only this project's rows; no partition is dropped. */
  projectId?: string;
  deadLetterRetentionDays: number;
}

/** Another run holds the retention lock (a second clock, or a run by hand); nothing was done. */
export class RetentionBusy extends Error {
  override readonly name = 'RetentionBusy';
  constructor() {
    super('another retention run is in progress');
  }
}

const DAY_MS = 86_400_000;

/**
 * Deletes what has expired (docs/architecture.md, "Retention"), on one connection that holds
 * the retention lock for the whole run, in statements that each commit on their own:
 * 1. raises every project's `raw_kept_from` to its cutoff, before deleting anything, and drops
 *    the dirty marks of the days before it, which no rollup recomputes any more;
 * 2. drops the monthly partitions whose every row is past every project's cutoff;
 * 3. deletes, per project, its expired rows of the partitions other projects still need;
 * 4. deletes facts no kept day's rollup reads any more (with the Video Spec bookkeeping of the
 *    plays among them), and old dead letters;
 * 5. records the run in `retention_runs`.
 * A crash at any point leaves consistent data: the next run finds what is left and goes on.
 */
export async function runRetention(pool: pg.Pool, options: RetentionOptions): Promise<RetentionReport> {
  const asOf = options.asOf ?? new Date();
  const dryRun = options.dryRun === true;
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  let locked = false;
  try {
    if (!dryRun) {
      locked = await tryRetentionLock(client);
      if (!locked) throw new RetentionBusy();
    }
    const report = await run(client, asOf, dryRun, options);
    if (!dryRun) await recordRun(client, report);
    return report;
  } finally {
    if (locked && broken === undefined) await releaseRetentionLock(client).catch((err: unknown) => (broken = err instanceof Error ? err : new Error(String(err))));
    client.off('error', onError);
    client.release(broken);
  }
}

async function run(client: pg.PoolClient, asOf: Date, dryRun: boolean, options: RetentionOptions): Promise<RetentionReport> {
  const started = Date.now();
  const cutoffs = await loadCutoffs(client, asOf, options.projectId);
  if (!dryRun) {
    await raiseKeptFrom(client, cutoffs);
    await dropPrunedMarks(client, cutoffs);
  }

  const all = await listEventPartitions(client);
  const droppable = options.projectId === undefined ? expiredPartitions(all, earliestCutoff(cutoffs)) : [];
  const concurrently = await canDetachConcurrently(client);
  const partitions: DroppedPartition[] = [];
  for (const p of droppable) partitions.push(await dropPartition(client, p, dryRun, concurrently));
  const dropped = new Set(droppable.map((p) => p.name));
  const kept = all.filter((p) => !dropped.has(p.name));

  let rowsDeleted = 0;
  for (const part of partitions) rowsDeleted += part.events + part.eventIds;
  const projects: ProjectRetention[] = [];
  for (const c of cutoffs) {
    const projectStarted = Date.now();
    const events = await expireProjectEvents(client, c.projectId, c.cutoff, partitionsBefore(kept, c.cutoff), dryRun);
    const horizons = factHorizons(c.cutoff, c.conversionWindowDays);
    const facts = await expireProjectFacts(client, c.projectId, horizons, dryRun);
    const forms = await expireProjectForms(client, c.projectId, c.cutoff, horizons.sessions, dryRun);
    const videoStates = await expireProjectVideoStates(client, c.projectId, horizons.plays, dryRun);
    rowsDeleted += events.events + events.eventIds + facts.plays + facts.playMilestones + facts.sessions + forms.formSubmissions + forms.formStarts + videoStates;
    for (const part of partitions) {
      const rows = part.perProject.find((r) => r.projectId === c.projectId);
      events.events += rows?.events ?? 0;
      events.eventIds += rows?.eventIds ?? 0;
    }
    projects.push({
      projectId: c.projectId,
      retentionDays: c.retentionDays,
      cutoff: c.cutoff.toISOString(),
      ...events,
      ...facts,
      ...forms,
      videoStates,
      durationMs: Date.now() - projectStarted,
    });
  }

  const deadLetters = await expireDeadLetters(client, new Date(asOf.getTime() - options.deadLetterRetentionDays * DAY_MS), options.projectId, dryRun);
  return {
    asOf: asOf.toISOString(),
    dryRun,
    projectId: options.projectId ?? null,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    projects,
    partitions,
    deadLetters,
    rowsDeleted: rowsDeleted + deadLetters,
  };
}
