/**
 * Visitor and session ids (docs/architecture.md, "Identity and definitions"). Pure: the browser
 * layer passes the stored string, the clock and an id maker, and stores what comes back.
 * Stored form: `<uuid>.<last-seen epoch ms>`.
 */
export const VISITOR_TTL_MS = 540 * 86_400_000;
export const SESSION_IDLE_MS = 30 * 60_000;

export interface Stamped {
  id: string;
  /** Last time the id was used (epoch ms). */
  t: number;
}

const STAMPED_RE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,15})$/i;

export function parseStamped(raw: string | null | undefined): Stamped | undefined {
  const m = raw ? STAMPED_RE.exec(raw) : null;
  return m ? { id: m[1] as string, t: Number(m[2]) } : undefined;
}

export function formatStamped(s: Stamped): string {
  return `${s.id}.${s.t}`;
}

/**
 * Keeps the stored id while it was used less than `ttlMs` ago, else makes a new one; either way
 * the returned stamp is `now`. A stamp from the future (clock set back) is kept.
 */
export function renew(raw: string | null | undefined, now: number, ttlMs: number, newId: () => string): Stamped {
  const prev = parseStamped(raw);
  if (prev && now - prev.t < ttlMs) return { id: prev.id, t: now };
  return { id: newId(), t: now };
}

/** The session id for an event at `now`: renewed after 30 minutes without events. */
export function nextSession(raw: string | null | undefined, now: number, newId: () => string): Stamped {
  return renew(raw, now, SESSION_IDLE_MS, newId);
}

/** The visitor id, kept 540 days from its last use. */
export function nextVisitor(raw: string | null | undefined, now: number, newId: () => string): Stamped {
  return renew(raw, now, VISITOR_TTL_MS, newId);
}

/**
 * The visitor and session an event at `now` belongs to, from the two stored strings. The same
 * answer serves `cuepoint.ids()`, so a backend's server conversion lands on the visitor and
 * session the page's own events carry.
 */
export function identify(visitor: string | null, session: string | null, now: number, newId: () => string): { visitor: Stamped; session: Stamped } {
  return { visitor: nextVisitor(visitor, now, newId), session: nextSession(session, now, newId) };
}

/** RFC 4122 version 4 from 16 random bytes. */
export function uuidFromBytes(b: Uint8Array): string {
  const h: string[] = [];
  for (let i = 0; i < 16; i++) {
    let v = b[i] ?? 0;
    if (i === 6) v = (v & 0x0f) | 0x40;
    if (i === 8) v = (v & 0x3f) | 0x80;
    h.push((v + 0x100).toString(16).slice(1));
  }
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
