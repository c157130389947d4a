import { uuid } from '../../shared/events/contractParts.js';
import { idText, Refusal, type JsonObject } from './messageFields.js';
import { uuidV5 as uuidv5 } from './uuidV5.js';

/**
 * Cuepoint's ids for a Segment message. Every one is a UUIDv5 in the project's namespace, so the
 * same message, visitor or session always gets the same id in one project and never collides
 * with another project's.
 */

/** Segment's messageId is free text under 100 characters (the node client sends `node-next-<ms>-<uuid>`). */
const MESSAGE_ID_CHARS = 99;

/**
 * The event id: UUIDv5(messageId). A client re-sends the same messageId after a timeout even
 * when the first request landed; the same id makes the second copy a duplicate.
 */
export function eventIdOf(message: JsonObject, projectId: string): string | Refusal {
  const value = message.messageId;
  if (value === undefined || value === null) return new Refusal('messageId', 'is required');
  if (typeof value !== 'string' || value.length === 0 || value.length > MESSAGE_ID_CHARS) {
    return new Refusal('messageId', `must be a string of 1-${MESSAGE_ID_CHARS} characters`);
  }
  return uuidv5(value, projectId);
}

export interface Visitor {
  id: string;
  /** The Segment field the visitor came from. */
  field: 'anonymousId' | 'userId';
}

/**
 * The visitor: the anonymousId itself when it is a UUID (analytics.js makes one, so a browser
 * keeps one visitor across Segment and Cuepoint's own tracker), else UUIDv5 of it; with no
 * anonymousId, UUIDv5 of the userId. The prefixes keep an anonymous id and a user id with the
 * same text apart.
 */
export function visitorOf(message: JsonObject, projectId: string): Visitor | Refusal {
  const anonymousId = idText(message.anonymousId, 'anonymousId');
  if (anonymousId instanceof Refusal) return anonymousId;
  if (anonymousId !== undefined) {
    const id = uuid.safeParse(anonymousId).success ? anonymousId.toLowerCase() : uuidv5(`anonymous:${anonymousId}`, projectId);
    return { id, field: 'anonymousId' };
  }
  const userId = idText(message.userId, 'userId');
  if (userId instanceof Refusal) return userId;
  if (userId !== undefined) return { id: uuidv5(`user:${userId}`, projectId), field: 'userId' };
  return new Refusal('anonymousId', 'is required when userId is absent');
}

/** A session the client named (`context.sessionId`, `properties.session_id`), as a UUID of this visitor's. */
export function namedSessionId(visitorId: string, value: string, projectId: string): string {
  return uuidv5(`session:${visitorId}:${value}`, projectId);
}

/** The session a message starts when the server's split finds none to join. */
export function startedSessionId(visitorId: string, eventId: string, projectId: string): string {
  return uuidv5(`session:${visitorId}:${eventId}`, projectId);
}
