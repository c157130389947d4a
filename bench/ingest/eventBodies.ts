import { randomUUID } from 'node:crypto';

/**
 * Request bodies for the load: every event valid and unique (fresh UUIDs), so the server does
 * its real work (validation, dedup, facts) rather than rejecting or deduplicating. One body is
 * one visitor's session slice: a page view with a referrer and UTM tags, the widget shown and
 * opened, a play with a milestone, watched seconds, a CTA click and a conversion, repeated.
 */

/** Chrome on Windows: a real browser agent, so events are parsed and counted, not flagged as bots. */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

type EventFields = Record<string, string | number>;

interface Session {
  visitorId: string;
  sessionId: string;
  playId: string;
  page: number;
}

const KINDS: ((s: Session) => EventFields)[] = [
  (s) => ({
    type: 'page_view',
    url: `https://shop.example/p/${s.page}?utm_source=news&utm_medium=email&utm_campaign=spring&ref=x`,
    title: `Product ${s.page}`,
    referrer: 'https://www.google.com/search?q=video',
  }),
  (s) => ({ type: 'impression', url: `https://shop.example/p/${s.page}` }),
  (s) => ({ type: 'widget_open', url: `https://shop.example/p/${s.page}` }),
  (s) => ({ type: 'video_play', videoId: 'intro', slotId: 'hero', playId: s.playId }),
  (s) => ({ type: 'video_progress', videoId: 'intro', slotId: 'hero', playId: s.playId, percent: 25 }),
  (s) => ({ type: 'video_time', videoId: 'intro', slotId: 'hero', playId: s.playId, seconds: 7.5 }),
  (s) => ({ type: 'click', videoId: 'intro', slotId: 'hero', playId: s.playId, target: 'cta', label: 'Buy now' }),
  () => ({ type: 'conversion', conversionType: 'purchase', value: 49.9, currency: 'USD' }),
];

let sequence = 0;

/** `count` valid events sharing one visitor, session and play; ids are fresh UUIDs. */
export function makeEvents(count: number, now: number): EventFields[] {
  const session: Session = { visitorId: randomUUID(), sessionId: randomUUID(), playId: randomUUID(), page: sequence++ % 2000 };
  const events: EventFields[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[(sequence + i) % KINDS.length] ?? KINDS[0];
    if (!kind) throw new Error('no event kinds');
    events.push({ id: randomUUID(), ts: now - (count - i) * 1000, visitorId: session.visitorId, sessionId: session.sessionId, ...kind(session) });
  }
  return events;
}

/** The JSON body of one ingest request holding `count` events. */
export function makeBody(count: number): string {
  const now = Date.now();
  return JSON.stringify({ sentAt: now, events: makeEvents(count, now) });
}
