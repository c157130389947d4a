import type pg from 'pg';
import { localDay } from '../../shared/timezone.js';
import { TransientError } from '../errors.js';
import type { NormalizedEvent } from '../normalize/types.js';
import { goalCascadeMarks, type PlayWindow } from './facts/goalCascade.js';

/** A (project, local day) whose figures a write changed besides the days of its own events. */
export interface DayMark {
  projectId: string;
  /** YYYY-MM-DD in the project's time zone. */
  day: string;
}

/** What the writer knows about each stored row: the row and its project's zone. */
export interface FactInput {
  readonly row: NormalizedEvent;
  readonly timezone: string;
}

/**
 * A moved row was updated without having been locked and read first. The statement order
 * below rules that out; if it ever happens, the transaction runs again (a TransientError).
 */
export class FactRaceError extends TransientError {}

/**
 * A fact upsert (docs/architecture.md, "Facts that span days"): the batch is reduced to one row per key (earliest first;
 * the event id breaks ties, so every run keeps the same row), and a stored row is replaced
 * only by an earlier one (`first_at` only ever moves earlier). It runs as three statements,
 * each in key order, because the writer must also learn the first_at each update replaces
 * (to re-dirty that day), and PostgreSQL 15 cannot return a row's old value from an upsert:
 * 1. `INSERT … ON CONFLICT (key) DO NOTHING`: new keys; it waits for a concurrent writer's
 *    uncommitted insert of the same key, so afterwards every key of the batch is visible;
 * 2. `SELECT … FOR UPDATE` of the stored rows the batch moves earlier: reads their newest
 *    committed first_at and visitor (READ COMMITTED re-reads a row a concurrent writer moved);
 * 3. `UPDATE … WHERE r.first_at < t.first_at`, which can touch only the rows locked in 2.
 * Locks are taken phase by phase in key order (1 waits only for other inserts, 2 and 3 only
 * for rows others locked in 2), so concurrent writers cannot deadlock on facts. A single
 * `INSERT … ON CONFLICT DO UPDATE … WHERE excluded.first_at < t.first_at` would not do: a CTE
 * reading the old row before it misses a row a concurrent writer inserts meanwhile, and a
 * CTE's FOR UPDATE skips rows its own statement already updated.
 */
export interface FactTable {
  table: string;
  key: readonly string[];
  keyTypes: readonly string[];
  /** Columns besides the key and first_at, with their array types. */
  columns: readonly (readonly [string, string])[];
  /**
   * A column that stores the first event's id. With it, a stored row is also replaced by an
   * event at the same first_at with a smaller id, so the row does not depend on batch order.
   */
  tie?: string;
}

const PLAYS: FactTable = {
  table: 'plays',
  key: ['project_id', 'play_id'],
  keyTypes: ['uuid', 'uuid'],
  columns: [['visitor_id', 'uuid'], ['session_id', 'uuid'], ['video_id', 'text'], ['slot_id', 'text'], ['is_bot', 'bool']],
};

const MILESTONES: FactTable = {
  table: 'play_milestones',
  key: ['project_id', 'play_id', 'percent'],
  keyTypes: ['uuid', 'uuid', 'int2'],
  columns: [['visitor_id', 'uuid'], ['video_id', 'text'], ['slot_id', 'text'], ['is_bot', 'bool']],
};

export interface FactSql {
  insert: string;
  lock: string;
  update: string;
}

export function factSql(f: FactTable): FactSql {
  const names = [...f.key, 'first_at', ...f.columns.map(([c]) => c), 'event_id'];
  const types = [...f.keyTypes, 'timestamptz', ...f.columns.map(([, t]) => t), 'uuid'];
  const key = f.key.join(', ');
  const tKey = f.key.map((k) => `t.${k}`).join(', ');
  const on = f.key.map((k) => `r.${k} = t.${k}`).join(' and ');
  const cols = names.slice(0, -1);
  // With a tie column the event id is stored too, and compared after first_at.
  const tableCols = f.tie === undefined ? cols : [...cols, f.tie];
  const selected = f.tie === undefined ? cols : [...cols, 'event_id'];
  const earlier = f.tie === undefined ? 'r.first_at < t.first_at' : `(r.first_at, r.event_id) < (t.first_at, t.${f.tie})`;
  const set = [...['first_at', ...f.columns.map(([c]) => c)].map((c) => `${c} = r.${c}`), ...(f.tie === undefined ? [] : [`${f.tie} = r.event_id`])];
  // Parameters: key columns, first_at, the other columns, event_id (tie-break only).
  const reduced = `with r as (
    select distinct on (${key}) ${names.join(', ')}
    from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) as u(${names.join(', ')})
    order by ${key}, first_at, event_id
  )`;
  return {
    insert: `${reduced}
      insert into ${f.table} (${tableCols.join(', ')})
      select ${selected.join(', ')} from r order by ${key}
      on conflict (${key}) do nothing
      returning ${key}, first_at, visitor_id, is_bot`,
    lock: `${reduced}
      select ${tKey}, t.first_at, t.visitor_id
      from ${f.table} t join r on ${on}
      where ${earlier}
      order by ${tKey}
      for update of t`,
    update: `${reduced}
      update ${f.table} t set ${set.join(', ')}
      from r
      where ${on} and ${earlier}
      returning ${tKey}, t.first_at, t.visitor_id, t.is_bot`,
  };
}

const PLAYS_SQL = factSql(PLAYS);
const MILESTONES_SQL = factSql(MILESTONES);

type FactRow = Record<string, unknown> & { project_id: string; first_at: Date; visitor_id: string; is_bot: boolean };

export interface FactChange {
  projectId: string;
  visitorId: string;
  firstAt: Date;
  isBot: boolean;
  /** The first_at and visitor this write replaced; null for a new key. */
  old: { firstAt: Date; visitorId: string } | null;
}

/** Inserts new keys, then locks, reads and moves earlier the stored ones; returns what changed. */
export async function upsertFact(client: pg.ClientBase, f: FactTable, sql: FactSql, params: unknown[]): Promise<FactChange[]> {
  const keyOf = (r: Record<string, unknown>) => f.key.map((k) => String(r[k])).join('/');
  const change = (r: FactRow, old: FactChange['old']): FactChange => ({
    projectId: r.project_id,
    visitorId: r.visitor_id,
    firstAt: r.first_at,
    isBot: r.is_bot,
    old,
  });
  const inserted = await client.query<FactRow>(sql.insert, params);
  const locked = await client.query<FactRow>(sql.lock, params);
  if (locked.rows.length === 0) return inserted.rows.map((r) => change(r, null));
  const old = new Map(locked.rows.map((r) => [keyOf(r), { firstAt: r.first_at, visitorId: r.visitor_id }]));
  const moved = await client.query<FactRow>(sql.update, params);
  return [
    ...inserted.rows.map((r) => change(r, null)),
    ...moved.rows.map((r) => {
      const replaced = old.get(keyOf(r));
      if (replaced === undefined) throw new FactRaceError(`${f.table}: a row moved that was not locked first; retrying`);
      return change(r, replaced);
    }),
  ];
}

/**
 * Upserts the facts that span days (plays, first milestones) from rows just inserted into
 * `events`, inside the writer's transaction, and returns the extra days to mark dirty:
 * each replaced first occurrence's old day and every day whose conversions may change.
 */
export async function recordFacts(client: pg.ClientBase, items: readonly FactInput[]): Promise<DayMark[]> {
  const zones = new Map<string, string>();
  for (const i of items) if (!zones.has(i.row.project_id)) zones.set(i.row.project_id, i.timezone);
  const marks: DayMark[] = [];
  const mark = (projectId: string, at: Date) => {
    const zone = zones.get(projectId);
    if (zone !== undefined) marks.push({ projectId, day: localDay(at.getTime(), zone) });
  };

  const plays = items.map((i) => i.row).filter((r) => r.type === 'video_play' && r.play_id !== null);
  const changes: PlayWindow[] = [];
  if (plays.length > 0) {
    const params = [
      plays.map((r) => r.project_id),
      plays.map((r) => r.play_id),
      plays.map((r) => r.occurred_at.toISOString()),
      plays.map((r) => r.visitor_id),
      plays.map((r) => r.session_id),
      plays.map((r) => r.video_id ?? ''),
      plays.map((r) => r.slot_id ?? ''),
      plays.map((r) => r.is_bot),
      plays.map((r) => r.event_id),
    ];
    for (const c of await upsertFact(client, PLAYS, PLAYS_SQL, params)) {
      if (c.old === null) {
        // A new bot play changes no conversion: only non-bot plays are attributed.
        if (!c.isBot) changes.push({ projectId: c.projectId, visitorId: c.visitorId, from: c.firstAt, to: c.firstAt });
        continue;
      }
      // Moved earlier: its old day loses it, and every conversion from its new start to its
      // old start + the window may now be attributed differently (or fall in or out of window).
      mark(c.projectId, c.old.firstAt);
      changes.push({ projectId: c.projectId, visitorId: c.visitorId, from: c.firstAt, to: c.old.firstAt });
      if (c.old.visitorId !== c.visitorId) {
        changes.push({ projectId: c.projectId, visitorId: c.old.visitorId, from: c.firstAt, to: c.old.firstAt });
      }
    }
  }

  const progress = items.map((i) => i.row).filter((r) => r.type === 'video_progress' && r.play_id !== null && r.percent !== null);
  if (progress.length > 0) {
    const params = [
      progress.map((r) => r.project_id),
      progress.map((r) => r.play_id),
      progress.map((r) => r.percent),
      progress.map((r) => r.occurred_at.toISOString()),
      progress.map((r) => r.visitor_id),
      progress.map((r) => r.video_id ?? ''),
      progress.map((r) => r.slot_id ?? ''),
      progress.map((r) => r.is_bot),
      progress.map((r) => r.event_id),
    ];
    for (const c of await upsertFact(client, MILESTONES, MILESTONES_SQL, params)) {
      if (c.old !== null) mark(c.projectId, c.old.firstAt);
    }
  }

  marks.push(...(await goalCascadeMarks(client, zones, changes, items.map((i) => i.row))));
  return marks;
}
