import { v5 as uuidv5 } from 'uuid';

/** What the split needs of an event that names no session. */
export interface Unsessioned {
  visitorId: string;
  /** Corrected event time, epoch ms. */
  at: number;
  eventId: string;
}

/**
 * Assigns sessions to Segment messages that name none: a visitor's events at most 30 minutes
 * apart share one. Placeholder (fixed 30-minute windows) until the Redis-backed split lands.
 */
export interface SessionSplitter {
  assign(projectId: string, items: readonly Unsessioned[]): Promise<string[]>;
}

const WINDOW_MS = 30 * 60 * 1000;

export class WindowSessionSplitter implements SessionSplitter {
  assign(projectId: string, items: readonly Unsessioned[]): Promise<string[]> {
    return Promise.resolve(items.map((i) => uuidv5(`session:${i.visitorId}:${Math.floor(i.at / WINDOW_MS)}`, projectId)));
  }
}
