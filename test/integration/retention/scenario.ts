import { randomUUID } from 'node:crypto';
import { addDays } from '../../../shared/days.js';

/**
 * The days the retention tests use, relative to today so the ingest API accepts them:
 * `e1` is the first day of the UTC month two months back; the month before it (`m1`) is the
 * one retention drops. Every event is at 10:00 UTC, the same calendar day in UTC and Tokyo.
 */
export interface Days {
  /** First day of the kept month, YYYY-MM-DD. */
  e1: string;
  /** `e1` + n days. */
  d(n: number): string;
  /** 10:00 UTC on `e1` + n days, epoch ms. */
  at(n: number, minutes?: number): number;
  /** The partition that holds the month before `e1`. */
  m1Partition: string;
}

export function scenarioDays(now = new Date()): Days {
  const e1 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString().slice(0, 10);
  const m1 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  return {
    e1,
    d: (n) => addDays(e1, n),
    at: (n, minutes = 0) => Date.parse(`${addDays(e1, n)}T10:00:00Z`) + minutes * 60_000,
    m1Partition: `events_${m1.toISOString().slice(0, 4)}_${m1.toISOString().slice(5, 7)}`,
  };
}

/** Events of one visit, each a fresh id; `ts` in epoch ms. */
export class Visit {
  readonly sessionId = randomUUID();
  constructor(
    readonly visitorId: string,
    private readonly ts: number,
  ) {}

  private base(offsetS: number) {
    return { id: randomUUID(), visitorId: this.visitorId, sessionId: this.sessionId, ts: this.ts + offsetS * 1000 };
  }

  pageView(offsetS: number, path: string, referrer?: string) {
    return { ...this.base(offsetS), type: 'page_view', url: `https://shop.example${path}`, ...(referrer ? { referrer } : {}) };
  }

  open(offsetS: number, path: string) {
    return { ...this.base(offsetS), type: 'widget_open', url: `https://shop.example${path}` };
  }

  play(offsetS: number, videoId: string, slotId: string, playId: string) {
    return { ...this.base(offsetS), type: 'video_play', videoId, slotId, playId };
  }

  progress(offsetS: number, videoId: string, slotId: string, playId: string, percent: number) {
    return { ...this.base(offsetS), type: 'video_progress', videoId, slotId, playId, percent };
  }

  cta(offsetS: number, videoId: string, slotId: string, playId: string) {
    return { ...this.base(offsetS), type: 'click', videoId, slotId, playId, target: 'cta', label: 'Buy' };
  }

  purchase(offsetS: number, value: number) {
    return { ...this.base(offsetS), type: 'conversion', conversionType: 'purchase', value, currency: 'EUR' };
  }
}
