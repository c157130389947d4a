import { INTERACTION_TYPES } from '../../shared/sessions/columns.js';
import { localDay } from '../../shared/timezone.js';
import type { NormalizedEvent } from '../normalize/types.js';
import type { FactInput } from './facts.js';

/**
 * What one batch adds to one session (docs/architecture.md, "Sessions"): every field is a
 * commutative merge (sum, least/greatest, or/and, argmin/argmax by a total order), so merging
 * deltas in any order, or batch by batch, yields the same row.
 */
export interface SessionDelta {
  projectId: string;
  sessionId: string;
  startedAt: Date;
  endedAt: Date;
  events: number;
  pageviews: number;
  interacted: boolean;
  /** Every event of the delta is a bot's. */
  isBot: boolean;
  /** The earliest page view, else the earliest event, by (rank, at, event id). */
  entry: NormalizedEvent;
  /** The latest page view by (at, event id); null when the delta has none. */
  exit: NormalizedEvent | null;
  /** Distinct local days of the delta's page views and page exits (time on page may change there). */
  pageDays: string[];
  timezone: string;
}

const INTERACTIONS: ReadonlySet<string> = new Set(INTERACTION_TYPES);

/** 0 for a page view, 1 for anything else: a page view is always the entry when there is one. */
export function entryRank(row: NormalizedEvent): 0 | 1 {
  return row.type === 'page_view' ? 0 : 1;
}

/** Lowercase uuids order as PostgreSQL orders uuids (byte by byte), so the tie-breaks agree. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` is the better entry event than `b`. */
export function compareEntry(a: NormalizedEvent, b: NormalizedEvent): number {
  return entryRank(a) - entryRank(b) || a.occurred_at.getTime() - b.occurred_at.getTime() || compareIds(a.event_id, b.event_id);
}

/** Positive when page view `a` is later than `b` (the exit page is the latest). */
export function compareExit(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.occurred_at.getTime() - b.occurred_at.getTime() || compareIds(a.event_id, b.event_id);
}

/** One delta per (project, session), sorted by that key (the upsert's lock order). */
export function reduceSessions(items: readonly FactInput[]): SessionDelta[] {
  const byKey = new Map<string, SessionDelta>();
  for (const { row, timezone } of items) {
    const key = `${row.project_id}/${row.session_id}`;
    const at = row.occurred_at;
    const isPage = row.type === 'page_view';
    let d = byKey.get(key);
    if (d === undefined) {
      d = {
        projectId: row.project_id,
        sessionId: row.session_id,
        startedAt: at,
        endedAt: at,
        events: 0,
        pageviews: 0,
        interacted: false,
        isBot: true,
        entry: row,
        exit: null,
        pageDays: [],
        timezone,
      };
      byKey.set(key, d);
    }
    if (at < d.startedAt) d.startedAt = at;
    if (at > d.endedAt) d.endedAt = at;
    d.events++;
    if (isPage) d.pageviews++;
    d.interacted ||= INTERACTIONS.has(row.type);
    d.isBot &&= row.is_bot;
    if (compareEntry(row, d.entry) < 0) d.entry = row;
    if (isPage && (d.exit === null || compareExit(row, d.exit) > 0)) d.exit = row;
    if (isPage || row.type === 'page_exit') {
      const day = localDay(at.getTime(), timezone);
      if (!d.pageDays.includes(day)) d.pageDays.push(day);
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => compareIds(a, b)).map(([, d]) => d);
}
