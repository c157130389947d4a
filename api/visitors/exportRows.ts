import type pg from 'pg';
import { visitorTables } from '../../shared/erasure/catalog.js';

/** Rows read per statement: memory stays flat however much a visitor sent. */
export const EXPORT_PAGE_ROWS = 500;

type Row = Record<string, unknown>;

/** One kind of row of a visitor, read in keyset order. */
interface Source {
  kind: string;
  /** First page: cursor undefined. Every row carries its cursor in `cursor_`. */
  page(client: pg.PoolClient, projectId: string, visitorId: string, cursor: string | undefined): Promise<Row[]>;
}

// Cursors are the keyset columns as PostgreSQL prints them, so microseconds round-trip.
const EVENTS_SQL = `select e.*, e.occurred_at::text || '|' || e.event_id as cursor_
  from events e
  where e.project_id = $1 and e.visitor_id = $2 and (e.occurred_at, e.event_id) > ($3::timestamptz, $4::uuid)
  order by e.occurred_at, e.event_id limit ${EXPORT_PAGE_ROWS}`;

const SESSIONS_SQL = `select s.*, s.session_id::text as cursor_ from sessions s
  where s.project_id = $1 and s.visitor_id = $2 and s.session_id > $3::uuid
  order by s.session_id limit ${EXPORT_PAGE_ROWS}`;

const PLAYS_SQL = `select p.*, p.play_id::text as cursor_ from plays p
  where p.project_id = $1 and p.visitor_id = $2 and p.play_id > $3::uuid
  order by p.play_id limit ${EXPORT_PAGE_ROWS}`;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const events: Source = {
  kind: 'event',
  page: async (client, projectId, visitorId, cursor) => {
    const [at, id] = cursor === undefined ? ['-infinity', NIL_UUID] : splitCursor(cursor);
    return (await client.query<Row>(EVENTS_SQL, [projectId, visitorId, at, id])).rows;
  },
};

function byId(kind: string, sql: string): Source {
  return { kind, page: async (client, projectId, visitorId, cursor) => (await client.query<Row>(sql, [projectId, visitorId, cursor ?? NIL_UUID])).rows };
}

/** Any other table with `project_id` and `visitor_id`, leaf by leaf, in physical order. */
function byCtid(kind: string, table: string): Source {
  const sql = `select t.*, t.ctid::text as cursor_ from ${table} t
    where t.project_id = $1 and t.visitor_id = $2 and t.ctid > $3::tid
    order by t.ctid limit ${EXPORT_PAGE_ROWS}`;
  return { kind, page: async (client, projectId, visitorId, cursor) => (await client.query<Row>(sql, [projectId, visitorId, cursor ?? '(0,0)'])).rows };
}

/** Tables with their own reader above; every other visitor table is read by ctid. */
const OWN_READERS = new Set(['events', 'sessions', 'plays']);

/** Events first, then sessions and plays, then every other visitor table named by itself. */
export async function exportSources(client: pg.PoolClient): Promise<Source[]> {
  const others = (await visitorTables(client)).filter((t) => !OWN_READERS.has(t.label)).map((t) => byCtid(t.label, t.name));
  return [events, byId('session', SESSIONS_SQL), byId('play', PLAYS_SQL), ...others];
}

/** Every row of one source, page by page. */
export async function* readSource(client: pg.PoolClient, source: Source, projectId: string, visitorId: string): AsyncGenerator<Row> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await source.page(client, projectId, visitorId, cursor);
    for (const row of rows) yield row;
    if (rows.length < EXPORT_PAGE_ROWS) return;
    cursor = String(rows[rows.length - 1]?.cursor_);
  }
}

function splitCursor(cursor: string): [string, string] {
  const bar = cursor.lastIndexOf('|');
  return [cursor.slice(0, bar), cursor.slice(bar + 1)];
}
