import { correctTime } from '../../shared/events/time.js';
import type { Rejection } from '../../shared/events/validate.js';
import { segmentField } from './fieldOrigins.js';
import type { SessionSplitter, Unsessioned } from './SessionSplitter.js';
import type { ReadMessage } from './messages.js';

export interface SessionClock {
  receivedAt: number;
  /** The project's oldest acceptable event age, as the ingest validation uses it. */
  maxEventAgeMs: number;
}

/**
 * Gives every event that names no session one from the splitter, which splits a visitor's
 * events by their corrected time (`ts + (receivedAt − sentAt)`, the time the worker stores).
 * An event whose corrected time the ingest would refuse gets no session and is rejected here,
 * for the reason the time check gives, so that it is not reported as missing a session.
 * Mutates the events of `read`; returns the messages that go on and the rejections.
 */
export async function fillSessions(
  read: readonly ReadMessage[],
  splitter: SessionSplitter,
  projectId: string,
  clock: SessionClock,
): Promise<{ ready: ReadMessage[]; rejected: Rejection[] }> {
  const waiting: ReadMessage[] = [];
  const items: Unsessioned[] = [];
  const rejected: Rejection[] = [];
  const ready: ReadMessage[] = [];
  for (const message of read) {
    const { event } = message;
    // A missing or malformed ts is named by validation, which checks ts before sessionId.
    if (event.sessionId !== undefined || !Number.isFinite(event.ts)) {
      ready.push(message);
      continue;
    }
    const verdict = correctTime(event.ts, message.sentAt, clock.receivedAt, clock.maxEventAgeMs);
    if (!verdict.ok) {
      rejected.push({ index: message.index, field: segmentField(message.fieldOrigins ?? {}, 'ts'), reason: verdict.reason });
      continue;
    }
    waiting.push(message);
    ready.push(message);
    items.push({ visitorId: event.visitorId, at: verdict.correctedAt, eventId: event.id });
  }
  if (items.length > 0) {
    const sessionIds = await splitter.assign(projectId, items);
    waiting.forEach((message, i) => {
      const sessionId = sessionIds[i];
      if (sessionId !== undefined) message.event.sessionId = sessionId;
    });
  }
  return { ready, rejected };
}
