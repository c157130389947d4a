import type pg from 'pg';
import { AGGREGATE_COLUMNS, ENTRY_ATTRIBUTES, ENTRY_COLUMNS, EXIT_COLUMNS, KEY_COLUMNS, SESSION_COLUMNS } from '../../shared/sessions/columns.js';
import { localDay } from '../../shared/timezone.js';
import type { NormalizedEvent } from '../normalize/types.js';
import { FactRaceError, factSql, upsertFact, type DayMark, type FactInput, type FactTable } from './facts.js';
import { entryRank, reduceSessions, type SessionDelta } from './sessionDelta.js';
import { sessionDayMarks } from './sessionMarks.js';

/**
 * Sessions and visitors' first sessions, kept at write time (docs/architecture.md, "Sessions").
 *
 * The batch's fresh events are reduced to one delta per session (sessionDelta.ts), then merged
 * into `sessions` the way facts.ts upserts its facts, and for the same reason: the writer must
 * learn each row's old started_at to re-mark the day a session moved away from, and PostgreSQL
 * 15 cannot return a row's old value from an upsert. So, each in key order:
 * 1. INSERT … ON CONFLICT DO NOTHING for sessions not stored yet (it waits for a concurrent
 *    writer's insert of the same key, so afterwards every session of the batch exists);
 * 2. SELECT … FOR UPDATE of the others, reading their committed started_at;
 * 3. UPDATE those rows, merging commutatively: least/greatest, sums, or/and, and the entry and
 *    exit columns each taken as a block from the smaller (rank, at, id) or larger (at, id).
 */

const COLUMN_NAMES = SESSION_COLUMNS.map(([c]) => c);
const UNNEST = `unnest(${SESSION_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) as r(${COLUMN_NAMES.join(', ')})`;
const KEY = KEY_COLUMNS.map(([c]) => c).join(', ');

const INSERT_SQL = `insert into sessions (${COLUMN_NAMES.join(', ')})
  select * from ${UNNEST}
  order by ${KEY}
  on conflict (${KEY}) do nothing
  returning project_id, session_id`;

const LOCK_SQL = `select t.project_id, t.session_id, t.started_at
  from sessions t join unnest($1::uuid[], $2::uuid[]) as k(project_id, session_id)
    on t.project_id = k.project_id and t.session_id = k.session_id
  order by t.project_id, t.session_id
  for update of t`;

const AGGREGATE_SET: Record<string, string> = {
  started_at: 'least(t.started_at, r.started_at)',
  ended_at: 'greatest(t.ended_at, r.ended_at)',
  events: 't.events + r.events',
  pageviews: 't.pageviews + r.pageviews',
  interacted: 't.interacted or r.interacted',
  is_bot: 't.is_bot and r.is_bot',
};
const ENTRY_WINS = '(r.entry_rank, r.entry_at, r.entry_event) < (t.entry_rank, t.entry_at, t.entry_event)';
const EXIT_WINS = 'r.exit_at is not null and (t.exit_at is null or (r.exit_at, r.exit_event) > (t.exit_at, t.exit_event))';

const UPDATE_SQL = `update sessions t set
  ${[
    ...AGGREGATE_COLUMNS.map(([c]) => `${c} = ${AGGREGATE_SET[c]}`),
    ...ENTRY_COLUMNS.map(([c]) => `${c} = case when ${ENTRY_WINS} then r.${c} else t.${c} end`),
    ...EXIT_COLUMNS.map(([c]) => `${c} = case when ${EXIT_WINS} then r.${c} else t.${c} end`),
  ].join(',\n  ')}
  from ${UNNEST}
  where t.project_id = r.project_id and t.session_id = r.session_id
  returning t.project_id, t.session_id, t.started_at`;

const VISITOR_FIRSTS: FactTable = {
  table: 'visitor_firsts',
  key: ['project_id', 'visitor_id'],
  keyTypes: ['uuid', 'uuid'],
  columns: [['session_id', 'uuid'], ['is_bot', 'bool']],
  tie: 'first_event',
};
const VISITOR_FIRSTS_SQL = factSql(VISITOR_FIRSTS);

type Param = string | number | boolean | null;

function entryValue(row: NormalizedEvent, column: (typeof ENTRY_ATTRIBUTES)[number][1]): Param {
  return row[column];
}

/** One row of parameters per delta, in SESSION_COLUMNS order. */
function deltaRow(d: SessionDelta): Param[] {
  const e = d.entry;
  const x = d.exit;
  return [
    d.projectId,
    d.sessionId,
    d.startedAt.toISOString(),
    d.endedAt.toISOString(),
    d.events,
    d.pageviews,
    d.interacted,
    d.isBot,
    e.visitor_id,
    entryRank(e),
    e.occurred_at.toISOString(),
    e.event_id,
    ...ENTRY_ATTRIBUTES.map(([, column]) => entryValue(e, column)),
    x === null ? null : x.occurred_at.toISOString(),
    x === null ? null : x.event_id,
    x === null ? null : x.page_key,
  ];
}

function columnArrays(deltas: readonly SessionDelta[]): Param[][] {
  const rows = deltas.map(deltaRow);
  return SESSION_COLUMNS.map((_, i) => rows.map((r) => r[i] ?? null));
}

const keyOf = (projectId: string, sessionId: string) => `${projectId}/${sessionId}`;

/**
 * Merges the batch's fresh events into `sessions` and `visitor_firsts`, inside the writer's
 * transaction, and returns the days to mark dirty besides the events' own days.
 */
export async function recordSessions(client: pg.ClientBase, items: readonly FactInput[]): Promise<DayMark[]> {
  if (items.length === 0) return [];
  const deltas = reduceSessions(items);
  const inserted = await client.query<{ project_id: string; session_id: string }>(INSERT_SQL, columnArrays(deltas));
  const created = new Set(inserted.rows.map((r) => keyOf(r.project_id, r.session_id)));
  const stored = deltas.filter((d) => !created.has(keyOf(d.projectId, d.sessionId)));

  const starts = new Map<string, { now: Date; old: Date | null }>();
  for (const d of deltas) if (created.has(keyOf(d.projectId, d.sessionId))) starts.set(keyOf(d.projectId, d.sessionId), { now: d.startedAt, old: null });
  if (stored.length > 0) {
    const locked = await client.query<{ project_id: string; session_id: string; started_at: Date }>(LOCK_SQL, [
      stored.map((d) => d.projectId),
      stored.map((d) => d.sessionId),
    ]);
    const old = new Map(locked.rows.map((r) => [keyOf(r.project_id, r.session_id), r.started_at]));
    const updated = await client.query<{ project_id: string; session_id: string; started_at: Date }>(UPDATE_SQL, columnArrays(stored));
    for (const r of updated.rows) {
      const k = keyOf(r.project_id, r.session_id);
      const before = old.get(k);
      if (before === undefined) throw new FactRaceError('sessions: a row was updated that was not locked first; retrying');
      starts.set(k, { now: r.started_at, old: before });
    }
  }

  const marks: DayMark[] = [];
  for (const d of deltas) {
    const s = starts.get(keyOf(d.projectId, d.sessionId));
    if (s === undefined) throw new FactRaceError('sessions: a session of the batch was neither inserted nor updated; retrying');
    marks.push(...sessionDayMarks({ projectId: d.projectId, timezone: d.timezone, startedAt: s.now, oldStartedAt: s.old, pageDays: d.pageDays }));
  }
  marks.push(...(await recordVisitorFirsts(client, items)));
  return marks;
}

/**
 * Each visitor's earliest event and its session. When it moves earlier, the session that was
 * the visitor's first is now a returning one, so the day it started on is marked: that day is
 * the day of the old first_at, since a visitor's earliest event starts their first session.
 */
async function recordVisitorFirsts(client: pg.ClientBase, items: readonly FactInput[]): Promise<DayMark[]> {
  const rows = items.map((i) => i.row);
  const zones = new Map(items.map((i) => [i.row.project_id, i.timezone]));
  const changes = await upsertFact(client, VISITOR_FIRSTS, VISITOR_FIRSTS_SQL, [
    rows.map((r) => r.project_id),
    rows.map((r) => r.visitor_id),
    rows.map((r) => r.occurred_at.toISOString()),
    rows.map((r) => r.session_id),
    rows.map((r) => r.is_bot),
    rows.map((r) => r.event_id),
  ]);
  const marks: DayMark[] = [];
  for (const c of changes) {
    const zone = zones.get(c.projectId);
    if (c.old !== null && zone !== undefined) marks.push({ projectId: c.projectId, day: localDay(c.old.firstAt.getTime(), zone) });
  }
  return marks;
}
