import type pg from 'pg';
import { LIMITS } from '../../../shared/events/limits.js';
import { localDay } from '../../../shared/timezone.js';
import type { NormalizedEvent } from '../../normalize/types.js';
import { EVENT_COLUMNS } from '../columns.js';
import { copyEvents } from '../copyEvents.js';
import { INSERT_IDS_SQL } from '../eventIds.js';
import type { DayMark, FactInput } from '../facts.js';
import { goalCascadeMarks, type PlayWindow } from '../facts/goalCascade.js';
import { derivePlay, type Signal } from './derive.js';
import { derivedRow, fingerprint } from './derivedRow.js';
import { frozenPlays } from './frozenPlays.js';
import { signalOf } from './signal.js';

/**
 * Video Spec signals (docs/architecture.md, "Video Spec signals"): a play's Cuepoint video events
 * are derived from ALL of its stored `video_state` signals, in the transaction that stores a new
 * one, so a signal that lands between two others re-derives what lay between them.
 */

/** Advisory lock space of a play's derivation (1 is the rollup's, 2 the erasure barrier's). */
export const VIDEO_STATE_LOCK_SPACE = 3;

/**
 * One transaction derives a play at a time: it holds the play's key until it commits, so the
 * next one reads the signals and derived rows the first committed. Keys are taken in ascending
 * order (PostgreSQL evaluates a volatile select list after the sort), so two writers sharing
 * plays cannot deadlock on them; the caller takes them before any row lock.
 */
const LOCK_SQL = `select pg_advisory_xact_lock(${VIDEO_STATE_LOCK_SPACE}, k)
  from (select distinct hashtext(p::text || '/' || q::text) as k from unnest($1::uuid[], $2::uuid[]) as u(p, q)) s
  order by k`;

const INSERT_SIGNALS_SQL = `insert into video_state_signals (project_id, play_id, event_id, visitor_id, occurred_at)
  select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[])
  order by 1, 2, 3
  on conflict do nothing`;

const PLAYS = `(select distinct p, q from unnest($1::uuid[], $2::uuid[]) as u(p, q)) k`;

/**
 * The most signals one play keeps for its derivation. A real playback sends a heartbeat every
 * ~10 s, so four hours of watching is ~1,500; without a bound, one visitor's stream of made-up
 * messages (the write key is public) would make every later write of the play read and re-derive
 * all of them, each time more. Signals past the bound are still stored as raw events; they only
 * no longer change the play, so beyond it a play's figures depend on arrival order.
 */
export const MAX_SIGNALS_PER_PLAY = 5000;

/** How many signals each play holds already, counting no further than the bound. */
const HELD_SQL = `select k.p as project_id, k.q as play_id,
    (select count(*) from (select 1 from video_state_signals s where s.project_id = k.p and s.play_id = k.q limit ${MAX_SIGNALS_PER_PLAY}) c)::int as n
  from ${PLAYS}`;

/** Every stored signal of the plays, as full event rows (found by the events' visitor index). */
const SIGNALS_SQL = `select ${EVENT_COLUMNS.map((c) => `e.${c}`).join(', ')}
  from ${PLAYS}
  join video_state_signals s on s.project_id = k.p and s.play_id = k.q
  join events e on e.project_id = s.project_id and e.visitor_id = s.visitor_id and e.occurred_at = s.occurred_at and e.event_id = s.event_id`;

const DERIVED_SQL = `select d.project_id, d.play_id, d.event_id, d.visitor_id, d.occurred_at, d.type, d.fingerprint
  from ${PLAYS} join video_state_derived d on d.project_id = k.p and d.play_id = k.q`;

const DELETE_EVENTS_SQL = `delete from events e
  using unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::uuid[]) as d(project_id, visitor_id, occurred_at, event_id)
  where e.project_id = d.project_id and e.visitor_id = d.visitor_id and e.occurred_at = d.occurred_at and e.event_id = d.event_id`;
const DELETE_IDS_SQL = `delete from event_ids i using unnest($1::uuid[], $2::uuid[]) as d(project_id, event_id)
  where i.project_id = d.project_id and i.event_id = d.event_id`;
const DELETE_RANGES_SQL = `delete from play_watch_ranges r using unnest($1::uuid[], $2::uuid[]) as d(project_id, event_id)
  where r.project_id = d.project_id and r.event_id = d.event_id`;
const DELETE_PLAYS_SQL = `delete from plays t using ${PLAYS} where t.project_id = k.p and t.play_id = k.q
  returning t.project_id, t.visitor_id, t.first_at, t.is_bot`;
const DELETE_MILESTONES_SQL = `delete from play_milestones t using ${PLAYS} where t.project_id = k.p and t.play_id = k.q`;
const DELETE_DERIVED_SQL = `delete from video_state_derived t using ${PLAYS} where t.project_id = k.p and t.play_id = k.q`;

const INSERT_DERIVED_SQL = `insert into video_state_derived (project_id, play_id, event_id, visitor_id, occurred_at, type, fingerprint)
  select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::text[], $7::text[])
  order by 1, 2, 3
  on conflict (project_id, play_id, event_id) do update set fingerprint = excluded.fingerprint`;

interface StoredDerived {
  project_id: string;
  play_id: string;
  event_id: string;
  visitor_id: string;
  occurred_at: Date;
  type: string;
  fingerprint: string;
}

type Item = FactInput;

/** Takes the derivation locks of every play the batch's signals belong to. */
export async function lockPlays(client: pg.ClientBase, items: readonly Item[]): Promise<void> {
  const signals = items.map((i) => i.row).filter((r) => r.type === 'video_state' && r.play_id !== null);
  if (signals.length === 0) return;
  await client.query(LOCK_SQL, [signals.map((r) => r.project_id), signals.map((r) => r.play_id)]);
}

export interface Derived {
  /** The derived rows stored by this write, to go through the same facts and marks as any event. */
  items: Item[];
  /** Days whose figures the deleted rows of a replaced derivation counted on. */
  marks: DayMark[];
}

/**
 * Stores the fresh signals' bookkeeping, re-derives their plays and brings the stored derived
 * events in line: when the new derivation only adds events, it inserts those; when any stored
 * one vanished or changed, it deletes the play's derived events and the facts they made and
 * inserts the whole new set (rare: a signal arriving between two others, or before the first).
 * A play retention has cut into is left as it is (frozenPlays.ts). The deleted rows' days are
 * returned for marking; the inserted rows' facts and days are the caller's, as for any fresh event.
 */
export async function deriveVideoStates(client: pg.ClientBase, fresh: readonly Item[]): Promise<Derived> {
  const candidates = fresh.filter((i) => i.row.type === 'video_state' && i.row.play_id !== null);
  if (candidates.length === 0) return { items: [], marks: [] };
  const zones = new Map(fresh.map((i) => [i.row.project_id, i.timezone]));
  const signals = await withinBound(client, candidates);
  if (signals.length === 0) return { items: [], marks: [] };
  const s = signals.map((i) => i.row);
  await client.query(INSERT_SIGNALS_SQL, [
    s.map((r) => r.project_id),
    s.map((r) => r.play_id),
    s.map((r) => r.event_id),
    s.map((r) => r.visitor_id),
    s.map((r) => r.occurred_at.toISOString()),
  ]);
  const projectIds = s.map((r) => r.project_id);
  const playIds = s.map((r) => r.play_id);
  const playKeys = [projectIds, playIds];
  const frozen = await frozenPlays(client, projectIds, playIds);
  const rows = (await client.query<NormalizedEvent>(SIGNALS_SQL, playKeys)).rows;
  const stored = (await client.query<StoredDerived>(DERIVED_SQL, playKeys)).rows;

  const byPlay = new Map<string, { projectId: string; playId: string; rows: NormalizedEvent[]; stored: StoredDerived[] }>();
  const play = (projectId: string, playId: string) => {
    const k = `${projectId}/${playId}`;
    let p = byPlay.get(k);
    if (p === undefined) byPlay.set(k, (p = { projectId, playId, rows: [], stored: [] }));
    return p;
  };
  for (const r of rows) if (r.play_id !== null) play(r.project_id, r.play_id).rows.push(r);
  for (const d of stored) play(d.project_id, d.play_id).stored.push(d);

  const added: Item[] = [];
  const addedFingerprints: string[] = [];
  const replaced: { projectId: string; playId: string; stored: StoredDerived[] }[] = [];
  for (const p of [...byPlay.values()].sort((a, b) => compareKeys(a, b))) {
    const zone = zones.get(p.projectId);
    if (zone === undefined || frozen.has(`${p.projectId}/${p.playId}`)) continue;
    const sources = new Map(p.rows.map((r) => [r.event_id.toLowerCase(), r]));
    const parsed = p.rows.map(signalOf).filter((x): x is Signal => x !== undefined);
    const derivation = derivePlay(p.projectId, p.playId, parsed);
    const next = new Map<string, { fp: string; row: NormalizedEvent }>();
    for (const d of derivation?.events ?? []) {
      const source = sources.get(d.source);
      if (source === undefined || derivation === undefined) continue;
      next.set(d.id, { fp: fingerprint(derivation.videoId, derivation.slotId, d), row: derivedRow(source, p.playId, derivation.videoId, derivation.slotId, d) });
    }
    const kept = new Map(p.stored.map((d) => [d.event_id, d.fingerprint]));
    const stale = p.stored.some((d) => next.get(d.event_id)?.fp !== d.fingerprint);
    if (stale) replaced.push({ projectId: p.projectId, playId: p.playId, stored: p.stored });
    for (const [id, n] of next) {
      if (!stale && kept.has(id)) continue;
      added.push({ row: n.row, timezone: zone });
      addedFingerprints.push(n.fp);
    }
  }

  const marks = await deleteDerivations(client, zones, replaced);
  if (added.length === 0) return { items: [], marks };
  const a = added.map((i) => i.row);
  // Ids are derived from the play and its signals, so only a stale leftover could already be
  // stored; the returned ones are the rows to write.
  const ids = await client.query<{ event_id: string }>(INSERT_IDS_SQL, [a.map((r) => r.project_id), a.map((r) => r.event_id)]);
  const fresh2 = new Set(ids.rows.map((r) => r.event_id.toLowerCase()));
  const written = added.filter((i) => fresh2.has(i.row.event_id));
  await copyEvents(client, written.map((i) => i.row));
  await client.query(INSERT_DERIVED_SQL, [
    a.map((r) => r.project_id),
    a.map((r) => r.play_id),
    a.map((r) => r.event_id),
    a.map((r) => r.visitor_id),
    a.map((r) => r.occurred_at.toISOString()),
    a.map((r) => r.type),
    addedFingerprints,
  ]);
  return { items: written, marks };
}

/**
 * The fresh signals that still fit their play's bound, earliest first (then by id, so one batch
 * always keeps the same ones). A play already full takes none and is not derived again.
 */
async function withinBound(client: pg.ClientBase, signals: readonly Item[]): Promise<Item[]> {
  const rows = signals.map((i) => i.row);
  const held = await client.query<{ project_id: string; play_id: string; n: number }>(HELD_SQL, [rows.map((r) => r.project_id), rows.map((r) => r.play_id)]);
  const room = new Map(held.rows.map((r) => [`${r.project_id}/${r.play_id}`, MAX_SIGNALS_PER_PLAY - r.n]));
  const ordered = [...signals].sort(
    (a, b) => a.row.occurred_at.getTime() - b.row.occurred_at.getTime() || (a.row.event_id < b.row.event_id ? -1 : a.row.event_id > b.row.event_id ? 1 : 0),
  );
  return ordered.filter((i) => {
    const k = `${i.row.project_id}/${i.row.play_id ?? ''}`.toLowerCase();
    const left = room.get(k) ?? 0;
    room.set(k, left - 1);
    return left > 0;
  });
}

/**
 * Deletes the stored derivations of the plays, with the facts their events made, and returns
 * the days they counted on: each event's own day, the day before a first frame's (its request
 * may lie there) and the days of the goals the play's attribution window covered.
 */
async function deleteDerivations(
  client: pg.ClientBase,
  zones: ReadonlyMap<string, string>,
  plays: readonly { projectId: string; playId: string; stored: StoredDerived[] }[],
): Promise<DayMark[]> {
  if (plays.length === 0) return [];
  const gone = plays.flatMap((p) => p.stored);
  const marks: DayMark[] = [];
  const mark = (projectId: string, at: number) => {
    const zone = zones.get(projectId);
    if (zone !== undefined) marks.push({ projectId, day: localDay(at, zone) });
  };
  for (const d of gone) {
    mark(d.project_id, d.occurred_at.getTime());
    if (d.type === 'video_play') mark(d.project_id, d.occurred_at.getTime() - LIMITS.maxStartupMs);
  }
  const keys = [plays.map((p) => p.projectId), plays.map((p) => p.playId)];
  await client.query(DELETE_EVENTS_SQL, [
    gone.map((d) => d.project_id),
    gone.map((d) => d.visitor_id),
    gone.map((d) => d.occurred_at.toISOString()),
    gone.map((d) => d.event_id),
  ]);
  await client.query(DELETE_IDS_SQL, [gone.map((d) => d.project_id), gone.map((d) => d.event_id)]);
  await client.query(DELETE_RANGES_SQL, [gone.map((d) => d.project_id), gone.map((d) => d.event_id)]);
  const playRows = await client.query<{ project_id: string; visitor_id: string; first_at: Date; is_bot: boolean }>(DELETE_PLAYS_SQL, keys);
  await client.query(DELETE_MILESTONES_SQL, keys);
  await client.query(DELETE_DERIVED_SQL, keys);
  const windows: PlayWindow[] = [];
  for (const r of playRows.rows) {
    mark(r.project_id, r.first_at.getTime());
    if (!r.is_bot) windows.push({ projectId: r.project_id, visitorId: r.visitor_id, from: r.first_at, to: r.first_at });
  }
  return [...marks, ...(await goalCascadeMarks(client, zones, windows, []))];
}

function compareKeys(a: { projectId: string; playId: string }, b: { projectId: string; playId: string }): number {
  const x = `${a.projectId}/${a.playId}`;
  const y = `${b.projectId}/${b.playId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
