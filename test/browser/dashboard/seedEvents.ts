import { randomUUID } from 'node:crypto';

/** One event as the ingest API takes it. */
export type IngestEvent = Record<string, unknown> & { id: string; type: string; ts: number };

export interface SeedShape {
  /** Days back from now that get events (today included); ingest keeps at most 90. */
  days: number;
  /** Visitors on the quietest day; busier days get up to twice as many. */
  visitorsPerDay: number;
  /** Videos `v1`, `v2`, … each with slots `a` and `b`. */
  videos: number;
  /** Origin of the pages the events claim to come from. */
  origin: string;
}

const DAY_MS = 86_400_000;

/**
 * A small deterministic generator (mulberry32), so every run seeds the same mix and a failing
 * figure can be reproduced.
 */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Widget traffic of a shop over `days` days: page views, impressions, opens, plays with
 * milestones and watched seconds, CTA, detail and branch clicks, and purchases, each visitor in
 * one session. Timestamps stay inside the ingest window (90 days back, not in the future).
 */
export function widgetTraffic(shape: SeedShape, now = Date.now(), seed = 14): IngestEvent[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const events: IngestEvent[] = [];
  const videos = Array.from({ length: shape.videos }, (_, i) => `v${i + 1}`);
  for (let back = shape.days - 1; back >= 0; back--) {
    const visitors = shape.visitorsPerDay + Math.round(shape.visitorsPerDay * (0.5 + 0.5 * Math.sin(back / 3)));
    for (let n = 0; n < visitors; n++) {
      // Spread over the day, but never later than a minute ago.
      let ts = Math.min(now - back * DAY_MS - Math.floor(rand() * 20 * 3_600_000), now - 60_000 - n * 1000);
      const base = { visitorId: randomUUID(), sessionId: randomUUID() };
      const url = `${shape.origin}/p/${1 + Math.floor(rand() * 12)}`;
      const at = (type: string, fields: Record<string, unknown>) => {
        ts += 1000 + Math.floor(rand() * 4000);
        events.push({ id: randomUUID(), type, ts, ...base, ...fields });
      };
      at('page_view', { url, title: 'Product page' });
      at('impression', { url });
      if (rand() < 0.35) continue;
      at('widget_open', { url });
      if (rand() < 0.2) continue;
      const videoId = pick(videos.slice(0, 1 + Math.floor(rand() * videos.length)));
      const slotId = rand() < 0.7 ? 'a' : 'b';
      const playId = randomUUID();
      const video = { videoId, slotId, playId };
      at('video_play', video);
      const reached = [25, 50, 75, 100].filter((_, i) => rand() < 0.85 - i * 0.18);
      let last = 0;
      for (const percent of [25, 50, 75, 100]) {
        if (!reached.includes(percent)) break;
        at('video_time', { ...video, seconds: 2.5 });
        at('video_progress', { ...video, percent });
        last = percent;
      }
      if (rand() < 0.3) at('click', { ...video, target: 'cta', label: 'Buy now' });
      if (rand() < 0.15) at('click', { ...video, target: 'detail', label: 'Details' });
      if (rand() < 0.2) at('click', { ...video, target: 'choice', label: 'Next', toSlotId: slotId === 'a' ? 'b' : 'a' });
      if (last >= 50 && rand() < 0.35) {
        at('conversion', { conversionType: 'purchase', value: Math.round(2000 + rand() * 8000) / 100, currency: 'USD', orderId: randomUUID() });
      }
    }
  }
  return events;
}
