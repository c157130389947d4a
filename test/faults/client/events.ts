import { randomUUID } from 'node:crypto';

/** The event types the fault scenarios send; each maps to one daily_project column. */
export type FaultEventType = 'impression' | 'widget_open' | 'video_play';
const TYPES: readonly FaultEventType[] = ['impression', 'widget_open', 'video_play'];

export interface FaultEvent {
  id: string;
  type: FaultEventType;
  ts: number;
  visitorId: string;
  sessionId: string;
  [field: string]: unknown;
}

/**
 * Valid events with fresh UUIDs, cycling through the types. Every play gets its own play id,
 * so the rollup's `plays` must equal the number of video_play events stored.
 */
export function* faultEvents(total: number): Generator<FaultEvent> {
  const visitors = Array.from({ length: 50 }, () => ({ visitorId: randomUUID(), sessionId: randomUUID() }));
  for (let i = 0; i < total; i++) {
    const type = TYPES[i % TYPES.length]!;
    const who = visitors[i % visitors.length]!;
    const base = { id: randomUUID(), type, ts: Date.now(), ...who };
    yield type === 'video_play'
      ? { ...base, videoId: 'intro', slotId: 'hero', playId: randomUUID() }
      : { ...base, url: `https://shop.example/p/${i % 20}` };
  }
}
