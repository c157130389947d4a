import type pg from 'pg';
import { DELETE_BATCH, deleteInBatches } from './batches.js';
import { quoted, type EventPartition } from './partitions.js';

/**
 * One project's expired rows of one partition that other projects still need, with their ids
 * in `event_ids`, in one statement per batch. Reads by (project_id, occurred_at), the index
 * every partition has. $1 project id, $2 its cutoff.
 */
const deleteSql = (table: string): string => `with gone as (
    delete from ${quoted(table)} where ctid = any(array(
      select ctid from ${quoted(table)} where project_id = $1::uuid and occurred_at < $2::timestamptz limit ${DELETE_BATCH}))
    returning project_id, event_id
  ),
  ids as (
    delete from event_ids i using gone g where i.project_id = g.project_id and i.event_id = g.event_id returning 1
  )
  select (select count(*) from gone)::text as events, (select count(*) from ids)::text as ids`;

const countSql = (table: string): string => `select count(*)::text as events, count(i.event_id)::text as ids
  from ${quoted(table)} e
  left join event_ids i on i.project_id = e.project_id and i.event_id = e.event_id
  where e.project_id = $1::uuid and e.occurred_at < $2::timestamptz`;

export interface ExpiredEvents {
  events: number;
  eventIds: number;
}

export async function expireProjectEvents(
  client: pg.ClientBase,
  projectId: string,
  cutoff: Date,
  partitions: readonly EventPartition[],
  dryRun: boolean,
): Promise<ExpiredEvents> {
  const total: ExpiredEvents = { events: 0, eventIds: 0 };
  for (const p of partitions) {
    const counts = dryRun
      ? (await client.query<{ events: string; ids: string }>(countSql(p.name), [projectId, cutoff])).rows[0] ?? { events: '0', ids: '0' }
      : await deleteInBatches(client, deleteSql(p.name), [projectId, cutoff], ['events', 'ids']);
    total.events += Number(counts.events);
    total.eventIds += Number(counts.ids);
  }
  return total;
}
