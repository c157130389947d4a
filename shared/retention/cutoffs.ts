import type pg from 'pg';

/** One project's retention as of a run: its raw events before `cutoff` are expired. */
export interface ProjectCutoff {
  projectId: string;
  retentionDays: number;
  conversionWindowDays: number;
  /** Start, in the project's zone, of the local day `day(asOf) − retentionDays`. */
  cutoff: Date;
  rawKeptFrom: Date | null;
}

interface CutoffRow {
  id: string;
  retention_days: number;
  conversion_window_days: number;
  cutoff: Date;
  raw_kept_from: Date | null;
}

/**
 * Cutoffs are computed by PostgreSQL's zone rules, like the rollup's day bounds, so the first
 * kept day starts exactly where its rollup reads from. $1 the run's instant, $2 one project or null.
 */
const CUTOFFS_SQL = `select id, retention_days, conversion_window_days, raw_kept_from,
    ((($1::timestamptz at time zone timezone)::date - retention_days)::timestamp at time zone timezone) as cutoff
  from projects
  where $2::uuid is null or id = $2::uuid
  order by id`;

export async function loadCutoffs(client: pg.ClientBase, asOf: Date, projectId: string | undefined): Promise<ProjectCutoff[]> {
  const { rows } = await client.query<CutoffRow>(CUTOFFS_SQL, [asOf, projectId ?? null]);
  return rows.map((r) => ({
    projectId: r.id,
    retentionDays: r.retention_days,
    conversionWindowDays: r.conversion_window_days,
    cutoff: r.cutoff,
    rawKeptFrom: r.raw_kept_from,
  }));
}

/**
 * Raises `raw_kept_from` to the cutoff (never lowers it: a day once pruned stays incomplete even
 * when retention grows). Committed on its own before anything is deleted, so a rollup that starts
 * afterwards leaves those days alone, and one that started before reads its own snapshot.
 */
const RAISE_KEPT_FROM_SQL = `update projects p set raw_kept_from = greatest(p.raw_kept_from, c.cutoff)
  from unnest($1::uuid[], $2::timestamptz[]) as c(id, cutoff)
  where p.id = c.id and p.raw_kept_from is distinct from greatest(p.raw_kept_from, c.cutoff)`;

export async function raiseKeptFrom(client: pg.ClientBase, cutoffs: readonly ProjectCutoff[]): Promise<void> {
  await client.query(RAISE_KEPT_FROM_SQL, [cutoffs.map((c) => c.projectId), cutoffs.map((c) => c.cutoff)]);
}

/** The earliest cutoff: a month ending at or before it holds only expired rows of every project. */
export function earliestCutoff(cutoffs: readonly ProjectCutoff[]): Date | undefined {
  let earliest: Date | undefined;
  for (const c of cutoffs) if (earliest === undefined || c.cutoff < earliest) earliest = c.cutoff;
  return earliest;
}

/**
 * Dirty marks and failure records of days before a project's first complete day: their rollup
 * would only drop the mark (worker/rollup/rollupDay.ts), so the clock need not enqueue them.
 * A mark written later (a late event of such a day) is dropped by that rollup instead.
 */
const DROP_PRUNED_MARKS_SQL = `with pruned as (
    select p.id, (p.raw_kept_from at time zone p.timezone)::date as first_day
    from projects p where p.raw_kept_from is not null and p.id = any($1::uuid[])
  ),
  marks as (
    delete from dirty_days d using pruned p where d.project_id = p.id and d.day < p.first_day returning 1
  ),
  failures as (
    delete from rollup_failures f using pruned p where f.project_id = p.id and f.day < p.first_day returning 1
  )
  select (select count(*) from marks)::int as marks`;

export async function dropPrunedMarks(client: pg.ClientBase, cutoffs: readonly ProjectCutoff[]): Promise<void> {
  await client.query(DROP_PRUNED_MARKS_SQL, [cutoffs.map((c) => c.projectId)]);
}
