import { LIMITS } from '../../shared/events/limits.js';
import { customBody, type EventBody } from './eventBody.js';
import { idText, Refusal, type JsonObject } from './messageFields.js';

/**
 * A Segment `identify` as Cuepoint's `identify`: the visitor's user id, nothing else. Traits are
 * not stored: they are where a shop puts a customer's e-mail address, name and phone, which
 * Cuepoint has no use for and should not hold. An identify without a userId (traits of an
 * anonymous visitor only) is kept as the custom event `identify`, so the call is still on record.
 */
export function identifyBody(message: JsonObject): EventBody | Refusal {
  const userId = idText(message.userId, 'userId');
  if (userId instanceof Refusal) return userId;
  if (userId === undefined) return customBody('identify', 'type', {}, {});
  if (userId.length > LIMITS.userIdChars) return new Refusal('userId', `must be 1-${LIMITS.userIdChars} characters`);
  return { fields: { type: 'identify', userId }, origins: { userId: 'userId' } };
}
