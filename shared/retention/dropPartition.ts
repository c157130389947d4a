import type pg from 'pg';
import { quoted, type EventPartition } from './partitions.js';

/** Pages of the partition read per statement: about 10,000 rows of a typical month. */
const PAGES_PER_BATCH = 500;

/** Rows of one project in a dropped partition: its events and the dedup ids deleted with them. */
export interface ProjectRows {
  projectId: string;
  events: number;
  eventIds: number;
}

export interface DroppedPartition {
  name: string;
  events: number;
  eventIds: number;
  perProject: ProjectRows[];
  /** Deleting the partition's ids from `event_ids`, in ms. */
  forgetMs: number;
  /** Detaching and dropping the table, in ms. */
  dropMs: number;
}

interface BatchRow {
  project_id: string;
  events: string;
  ids: string;
}

/**
 * One range of pages (a TID range scan, PostgreSQL ≥ 14: each statement reads only its pages):
 * the rows' ids are deleted from `event_ids`, per project. $1/$2 the first and the end page as tids.
 */
const forgetSql = (table: string, dryRun: boolean): string => `with part as (
    select project_id, event_id from ${quoted(table)} where ctid >= $1::tid and ctid < $2::tid
  ),
  ${dryRun
    ? 'gone as (select i.project_id from event_ids i join part p on i.project_id = p.project_id and i.event_id = p.event_id)'
    : 'gone as (delete from event_ids i using part p where i.project_id = p.project_id and i.event_id = p.event_id returning i.project_id)'}
  select e.project_id::text as project_id, e.n::text as events, coalesce(g.n, 0)::text as ids
  from (select project_id, count(*) as n from part group by project_id) e
  left join (select project_id, count(*) as n from gone group by project_id) g on g.project_id = e.project_id`;

const PAGES_SQL = `select (pg_relation_size($1::regclass) / current_setting('block_size')::bigint)::text as pages`;

/**
 * Removes a partition whose every row has expired: first its ids from `event_ids` in bounded
 * statements (a crash leaves the rest for the next run, which simply starts over), then detaches
 * it and drops it. Ingest and the worker keep writing meanwhile: the batches lock only the id
 * rows they delete, and `DETACH … CONCURRENTLY` never takes a lock that blocks inserts into
 * other partitions. `dryRun` counts the same rows and deletes nothing.
 */
export async function dropPartition(client: pg.ClientBase, partition: EventPartition, dryRun: boolean, concurrently: boolean): Promise<DroppedPartition> {
  const result: DroppedPartition = { name: partition.name, events: 0, eventIds: 0, perProject: [], forgetMs: 0, dropMs: 0 };
  const perProject = new Map<string, ProjectRows>();
  const forgetStarted = Date.now();
  if (partition.attached && !partition.detachPending) {
    const pages = Number((await client.query<{ pages: string }>(PAGES_SQL, [partition.name])).rows[0]?.pages ?? 0);
    const sql = forgetSql(partition.name, dryRun);
    for (let page = 0; page < pages; page += PAGES_PER_BATCH) {
      const { rows } = await client.query<BatchRow>(sql, [`(${page},0)`, `(${page + PAGES_PER_BATCH},0)`]);
      for (const r of rows) {
        const entry = perProject.get(r.project_id) ?? { projectId: r.project_id, events: 0, eventIds: 0 };
        entry.events += Number(r.events);
        entry.eventIds += Number(r.ids);
        perProject.set(r.project_id, entry);
      }
    }
  }
  result.forgetMs = Date.now() - forgetStarted;
  result.perProject = [...perProject.values()];
  for (const p of result.perProject) {
    result.events += p.events;
    result.eventIds += p.eventIds;
  }
  if (dryRun) return result;

  const dropStarted = Date.now();
  await detach(client, partition, concurrently);
  await client.query(`drop table if exists ${quoted(partition.name)}`);
  result.dropMs = Date.now() - dropStarted;
  return result;
}

/** Without CONCURRENTLY, a detach waits for an exclusive lock on `events`: give up after a while rather than queue inserts behind it. */
const PLAIN_DETACH_LOCK_TIMEOUT = '5s';

async function detach(client: pg.ClientBase, partition: EventPartition, concurrently: boolean): Promise<void> {
  const table = quoted(partition.name);
  if (partition.detachPending) {
    await client.query(`alter table events detach partition ${table} finalize`);
  } else if (!partition.attached) {
    return;
  } else if (concurrently) {
    await client.query(`alter table events detach partition ${table} concurrently`);
  } else {
    await client.query('begin');
    try {
      await client.query(`set local lock_timeout = '${PLAIN_DETACH_LOCK_TIMEOUT}'`);
      await client.query(`alter table events detach partition ${table}`);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback');
      throw err;
    }
  }
}

/** `DETACH PARTITION … CONCURRENTLY` exists from PostgreSQL 14 on. */
export async function canDetachConcurrently(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
  return Number(rows[0]?.v ?? 0) >= 140_000;
}
