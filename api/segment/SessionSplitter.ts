/** What the split needs of an event that names no session. */
export interface Unsessioned {
  visitorId: string;
  /** Corrected event time, epoch ms. */
  at: number;
  eventId: string;
}

/**
 * Assigns sessions to Segment messages that name none: a visitor's events at most 30 minutes
 * apart share one (RedisSessionSplitter keeps that state across requests and web processes).
 */
export interface SessionSplitter {
  assign(projectId: string, items: readonly Unsessioned[]): Promise<string[]>;
}
