import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import { localDay } from '../../shared/timezone.js';
import type { NormalizedEvent } from '../normalize/types.js';
import { copyEvents } from './copyEvents.js';
import { INSERT_IDS_SQL } from './eventIds.js';
import { withoutErased } from './erasedVisitors.js';
import { FactRaceError, recordFacts } from './facts.js';
import { recordForms } from './facts/forms.js';
import { recordVisitorUsers } from './facts/visitorUsers.js';
import { recordWatchRanges } from './facts/watchRanges.js';
import { PartitionKeeper } from './partitions.js';
import { playbackMarks } from './playbackMarks.js';
import { recordSessions } from './sessions.js';
import { deriveVideoStates, lockPlays } from './videoState/record.js';

export interface WriteItem {
  readonly row: NormalizedEvent;
  /** The project's IANA zone: the dirty mark goes on the event's local calendar day. */
  readonly timezone: string;
}

/** Told, after a write commits, which events it holds stored (worker/realtime/RealtimeRecorder.ts). */
export interface CommittedEvents {
  record(rows: Iterable<NormalizedEvent>): Promise<void>;
}

export interface WriteResult {
  /** Rows new to `events`. */
  inserted: number;
  /** Rows already stored (a resend, a replay, a job re-run after a crash) or repeated in the batch. */
  duplicates: number;
  /** Rows of erased visitors, dropped (queued before the erasure, processed after it). */
  erased: number;
}

// Ordered so that concurrent writers take the row locks in the same order (no deadlocks);
// the seq comes from a sequence because now() is the transaction's start, not its commit.
const MARK_DIRTY_SQL = `insert into dirty_days (project_id, day, seq)
  select p, d, nextval('dirty_seq')
  from (select distinct p, d from unnest($1::uuid[], $2::date[]) as u(p, d)) s
  order by p, d
  on conflict (project_id, day) do update set seq = excluded.seq`;

const NO_PARTITION = '23514';
/** A lost race on a fact row clears up at once on a re-run; past this, the caller's backoff takes over. */
const FACT_RACE_ATTEMPTS = 3;

/**
 * Stores a batch of events in one transaction: dedup keys first, then only the rows
 * whose key was new, then the facts those rows change (plays, first milestones, sessions and
 * visitors' first sessions, form submissions and attempts), the video events derived from the
 * plays of Video Spec signals (worker/persist/videoState/record.ts), then the
 * dirty marks of their days and of every other day whose figures they change. Either all
 * of it commits or none, so a crash at any point leaves nothing half-done to clean up.
 */
export class EventWriter {
  private committed = 0;
  private readonly partitions: PartitionKeeper;

  constructor(
    private readonly pool: pg.Pool,
    private readonly afterCommit?: CommittedEvents,
  ) {
    this.partitions = new PartitionKeeper(pool);
  }

  /** Transactions committed so far; one per write, however many events it held. */
  get transactions(): number {
    return this.committed;
  }

  async write(items: readonly WriteItem[]): Promise<WriteResult> {
    const unique = dedupe(items);
    if (unique.length === 0) return { inserted: 0, duplicates: items.length, erased: 0 };
    await this.partitions.ensure(unique.map((i) => i.row.occurred_at));
    let stored: Stored;
    try {
      stored = await this.transaction(unique);
    } catch (err) {
      if (!isNoPartition(err)) throw err;
      // A remembered month was dropped under us; make it again, once.
      this.partitions.forget();
      await this.partitions.ensure(unique.map((i) => i.row.occurred_at));
      stored = await this.transaction(unique);
    }
    // After the commit, never inside the transaction: what the live figures see is stored, and a
    // slow Redis cannot hold row locks. Every kept row goes, the ones already stored before too:
    // a job re-run after a crash between the commit and this call still reaches the figures, and
    // the sets they are counted in take each id once.
    await this.afterCommit?.record(stored.kept.map((i) => i.row));
    return { inserted: stored.inserted, erased: stored.erased, duplicates: items.length - stored.inserted - stored.erased };
  }

  private async transaction(items: readonly WriteItem[]): Promise<Stored> {
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await withTransaction(this.pool, (client) => insertNew(client, items));
        this.committed++;
        return stored;
      } catch (err) {
        if (!(err instanceof FactRaceError) || attempt >= FACT_RACE_ATTEMPTS) throw err;
      }
    }
  }
}

interface Stored {
  inserted: number;
  erased: number;
  /** Every item now stored: the batch less erased visitors (new and already stored), and the video events derived in it. */
  kept: readonly WriteItem[];
}

async function insertNew(client: pg.PoolClient, batch: readonly WriteItem[]): Promise<Stored> {
  const items = await withoutErased(client, batch);
  const erased = batch.length - items.length;
  if (items.length === 0) return { inserted: 0, erased, kept: [] };
  // Before any row lock: a play's derivation is serialised by its key, in key order.
  await lockPlays(client, items);
  const ids = await client.query<{ project_id: string; event_id: string }>(INSERT_IDS_SQL, [
    items.map((i) => i.row.project_id),
    items.map((i) => i.row.event_id),
  ]);
  if (ids.rows.length === 0) return { inserted: 0, erased, kept: items };
  const fresh = new Set(ids.rows.map((r) => key(r.project_id, r.event_id)));
  const news = items.filter((i) => fresh.has(key(i.row.project_id, i.row.event_id)));
  await copyEvents(client, news.map((i) => i.row));
  // Video events derived from player signals keep facts like the tracker's own, but are not
  // session events: the signals they are dated at already counted in their sessions.
  const derived = await deriveVideoStates(client, news);
  const played = [...news, ...derived.items];
  const extra = [
    ...derived.marks,
    ...(await recordFacts(client, played)),
    ...(await recordSessions(client, news)),
    ...(await recordForms(client, news)),
    ...(await recordWatchRanges(client, played)),
    ...playbackMarks(played),
  ];
  await recordVisitorUsers(client, news);
  const marks = [
    ...played.map((i) => ({ p: i.row.project_id, d: localDay(i.row.occurred_at.getTime(), i.timezone) })),
    ...extra.map((m) => ({ p: m.projectId, d: m.day })),
  ];
  await client.query(MARK_DIRTY_SQL, [marks.map((m) => m.p), marks.map((m) => m.d)]);
  return { inserted: news.length, erased, kept: [...items, ...derived.items] };
}

/**
 * One row per (project, event id), keeping the first, sorted by key: a repeated key in one
 * statement would be inserted once anyway, and sorting keeps concurrent writers' lock order equal.
 */
function dedupe(items: readonly WriteItem[]): WriteItem[] {
  const seen = new Map<string, WriteItem>();
  for (const item of items) {
    const k = key(item.row.project_id, item.row.event_id);
    if (!seen.has(k)) seen.set(k, item);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

function key(projectId: string, eventId: string): string {
  return `${projectId.toLowerCase()}/${eventId.toLowerCase()}`;
}

function isNoPartition(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === NO_PARTITION && err.message.includes('no partition');
}
