import { LIMITS } from '../../shared/events/limits.js';
import { customBody, type EventBody } from './eventBody.js';
import { idText, Refusal, safeProperties, wellFormed, type JsonObject } from './messageFields.js';

/**
 * Segment calls Cuepoint reports nothing for, kept as custom events named for the call so no
 * message is lost: `group`, `screen` (and `alias` without a userId). Only ids and the screen's own properties are
 * kept; traits are not (they describe people and companies: names, e-mail addresses).
 */

/** `group` → custom `group` with the groupId. */
export function groupBody(message: JsonObject): EventBody | Refusal {
  const groupId = idText(message.groupId, 'groupId');
  if (groupId instanceof Refusal) return groupId;
  return customBody('group', 'type', groupId === undefined ? {} : { groupId }, { 'props.groupId': 'groupId' });
}

/**
 * `alias` says the visitor now goes by `userId`: that is what an identify records (the pair in
 * `visitor_users`, found again by user id for erasure), so it becomes one. The ids never go into
 * the event's properties, where user ids would spread beyond the one table that holds them.
 * Without a userId there is nothing to link; the call is kept as the custom event `alias`.
 */
export function aliasBody(message: JsonObject): EventBody | Refusal {
  const previousId = idText(message.previousId, 'previousId');
  if (previousId instanceof Refusal) return previousId;
  const userId = idText(message.userId, 'userId');
  if (userId instanceof Refusal) return userId;
  if (userId === undefined) return customBody('alias', 'type', {}, {});
  if (userId.length > LIMITS.userIdChars) return new Refusal('userId', `must be 1-${LIMITS.userIdChars} characters`);
  return { fields: { type: 'identify', userId }, origins: { userId: 'userId' } };
}

/** `screen` (a mobile app's page) → custom `screen` with its properties and the screen's name. */
export function screenBody(message: JsonObject): EventBody | Refusal {
  const properties = safeProperties(message.properties, 'properties');
  if (properties instanceof Refusal) return properties;
  const origins = { props: 'properties', 'props.name': 'name' };
  if (typeof message.name !== 'string' || message.name === '') return customBody('screen', 'type', properties, origins);
  const name = wellFormed(message.name, 'name');
  if (name instanceof Refusal) return name;
  return customBody('screen', 'type', { ...properties, name }, origins);
}
