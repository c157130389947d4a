import type pg from 'pg';
import { visitorHash } from '../../shared/erasure/visitorHash.js';
import type { WriteItem } from './eventWriter.js';

/**
 * Advisory lock space of the erasure barrier (the rollup lock is space 1). Every write
 * transaction holds its projects' keys shared; an erasure takes its project's key exclusively
 * once, after its tombstone committed, and so waits for the writes that may have looked for
 * tombstones before it existed. A write that starts later sees the tombstone.
 */
export const ERASURE_LOCK_SPACE = 2;

const SHARE_SQL = `select count(pg_advisory_xact_lock_shared(${ERASURE_LOCK_SPACE}, hashtext(p::text)))
  from (select distinct p from unnest($1::uuid[]) as u(p)) s`;

export const BARRIER_SQL = `select pg_advisory_xact_lock(${ERASURE_LOCK_SPACE}, hashtext($1::uuid::text))`;

// Which of the batch's projects have erased anyone: one index probe per project, so a batch of
// projects without erasures costs two short statements and no hashing.
const WITH_TOMBSTONES_SQL = `select p as project_id from unnest($1::uuid[]) as u(p)
  where exists (select 1 from erased_visitors e where e.project_id = u.p)`;

// One probe of the primary key per distinct (project, visitor) of those projects.
const ERASED_SQL = `select e.project_id, e.visitor_hash
  from unnest($1::uuid[], $2::text[]) as u(p, h)
  join erased_visitors e on e.project_id = u.p and e.visitor_hash = u.h`;

/**
 * The items whose visitor has not been erased, in the caller's transaction (three statements at
 * most; two when none of the batch's projects has erased anyone). Events of an erased
 * visitor that were queued before the erasure are dropped here: not stored, not dead-lettered.
 * Takes the shared barrier lock first, so the lookup's snapshot postdates any erasure that has
 * passed its barrier.
 */
export async function withoutErased<T extends WriteItem>(client: pg.PoolClient, items: readonly T[]): Promise<T[]> {
  const projects = [...new Set(items.map((i) => i.row.project_id.toLowerCase()))];
  await client.query(SHARE_SQL, [projects]);
  const withTombstones = new Set((await client.query<{ project_id: string }>(WITH_TOMBSTONES_SQL, [projects])).rows.map((r) => r.project_id));
  if (withTombstones.size === 0) return [...items];

  // Hashed once per (project, visitor): a batch holds many events of each visitor.
  const pairs = new Map<string, { projectId: string; hash: string }>();
  for (const { row } of items) {
    const projectId = row.project_id.toLowerCase();
    const key = `${projectId}/${row.visitor_id.toLowerCase()}`;
    if (withTombstones.has(projectId) && !pairs.has(key)) pairs.set(key, { projectId, hash: visitorHash(projectId, row.visitor_id) });
  }
  const unique = [...pairs.values()];
  const erased = await client.query<{ project_id: string; visitor_hash: string }>(ERASED_SQL, [unique.map((p) => p.projectId), unique.map((p) => p.hash)]);
  if (erased.rows.length === 0) return [...items];
  const gone = new Set(erased.rows.map((r) => `${r.project_id}/${r.visitor_hash}`));
  return items.filter(({ row }) => {
    const pair = pairs.get(`${row.project_id}/${row.visitor_id}`.toLowerCase());
    return pair === undefined || !gone.has(`${pair.projectId}/${pair.hash}`);
  });
}
