/**
 * The outgoing queue, pure: bounds, cross-tab merge, chunking into requests, retry backoff.
 * Every event keeps its id across retries and reloads, so the server deduplicates resends.
 */
export interface QueuedEvent {
  id: string;
  type: string;
  ts: number;
  [field: string]: unknown;
}

/** What the queue in localStorage may hold; the oldest events go first beyond either bound. */
export const MAX_QUEUED_EVENTS = 500;
export const MAX_QUEUED_BYTES = 256 * 1024;
/** Beacons and keepalive fetches share a 64 KB budget; one page-hide request stays under this. */
export const MAX_REQUEST_BYTES = 60_000;
/** The API's limit per request. */
export const MAX_REQUEST_EVENTS = 500;

/** UTF-8 length of a string, without allocating (lone surrogates count 3, as TextEncoder does). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Keeps the newest events within both bounds, in the order given. */
export function bound(events: QueuedEvent[], maxEvents = MAX_QUEUED_EVENTS, maxBytes = MAX_QUEUED_BYTES): QueuedEvent[] {
  const kept: QueuedEvent[] = [];
  let bytes = 2;
  for (let i = events.length - 1; i >= 0 && kept.length < maxEvents; i--) {
    const e = events[i] as QueuedEvent;
    bytes += utf8Length(JSON.stringify(e)) + 1;
    if (bytes > maxBytes) break;
    kept.push(e);
  }
  return kept.reverse();
}

/**
 * What this tab writes back to localStorage: what is stored now (other tabs may have added
 * events) plus this tab's own, each id once, minus what this tab has seen acknowledged,
 * oldest first, bounded.
 */
export function merge(stored: QueuedEvent[], mine: QueuedEvent[], acked: ReadonlySet<string>): QueuedEvent[] {
  const byId = new Map<string, QueuedEvent>();
  for (const e of stored) if (!acked.has(e.id)) byId.set(e.id, e);
  for (const e of mine) if (!acked.has(e.id)) byId.set(e.id, e);
  return bound([...byId.values()].sort((a, b) => a.ts - b.ts));
}

/** Reads a stored queue; anything unreadable counts as empty. */
export function parseQueue(raw: string | null | undefined): QueuedEvent[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    if (!Array.isArray(v)) return [];
    return v.filter(
      (e): e is QueuedEvent =>
        typeof e === 'object' && e !== null && typeof (e as QueuedEvent).id === 'string' && typeof (e as QueuedEvent).ts === 'number',
    );
  } catch {
    return [];
  }
}

/** The request body; `sentAt` is stamped on each transmission attempt. */
export function envelope(key: string, events: QueuedEvent[], sentAt: number): string {
  return JSON.stringify({ key, sentAt, events });
}

/**
 * Splits events into request bodies of at most `maxBytes` (UTF-8) and `maxEvents` each, in
 * order. An event too big to fit any request on its own is dropped (the API would refuse it).
 */
export function chunk(key: string, events: QueuedEvent[], maxBytes = MAX_REQUEST_BYTES, maxEvents = MAX_REQUEST_EVENTS): QueuedEvent[][] {
  // `sentAt` is stamped later; reserve room for 13 digits.
  const overhead = utf8Length(envelope(key, [], 1e12));
  const out: QueuedEvent[][] = [];
  let cur: QueuedEvent[] = [];
  let size = overhead;
  for (const e of events) {
    const n = utf8Length(JSON.stringify(e)) + (cur.length ? 1 : 0);
    if (overhead + n > maxBytes) continue;
    if (cur.length && (size + n > maxBytes || cur.length >= maxEvents)) {
      out.push(cur);
      cur = [];
      size = overhead;
      size += n - 1;
    } else size += n;
    cur.push(e);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** What to do with a batch after an answer: 2xx and client errors end it; the rest retry. */
export function outcome(status: number): 'done' | 'retry' {
  if (status >= 200 && status < 300) return 'done';
  if (status === 408 || status === 429 || status >= 500 || status === 0) return 'retry';
  return 'done';
}

/** Exponential backoff with jitter, at least `Retry-After` when the server gave one. */
export function backoffMs(attempt: number, retryAfterSeconds: number | undefined, random: number): number {
  const exp = Math.min(300_000, 1000 * 2 ** Math.min(attempt, 12));
  const jittered = exp / 2 + (exp / 2) * random;
  const floor = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? Math.min(retryAfterSeconds, 3600) * 1000 : 0;
  return Math.max(jittered, floor);
}
