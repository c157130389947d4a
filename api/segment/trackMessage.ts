import { LIMITS } from '../../shared/events/limits.js';
import { customBody, type EventBody } from './eventBody.js';
import { given, isObject, Refusal, safeProperties, wellFormed, type JsonObject } from './messageFields.js';
import { isOrderCompleted, orderCompletedBody } from './orderCompleted.js';
import { videoSpecEvent, type CommonFields, type VideoSpecOptions } from './videoSpec.js';

/**
 * A Segment `track` call: a Video Spec player signal when the Video Spec recognises it, a
 * purchase for `Order Completed`, else the custom event of the same name with the properties
 * as its props.
 */

/**
 * The track's event name. Refused rather than cut when too long: two long names with a common
 * start would silently become one event in every report.
 */
export function trackName(message: JsonObject): string | Refusal {
  const name = message.event;
  if (name === undefined || name === null) return new Refusal('event', 'is required');
  if (typeof name !== 'string') return new Refusal('event', 'must be a string');
  if (name.length === 0 || name.length > LIMITS.labelChars) return new Refusal('event', `must be 1-${LIMITS.labelChars} characters`);
  return wellFormed(name, 'event');
}

/**
 * Every Video Spec event is named `Video …` (`Video Playback Started`, `Video Content Playing`);
 * their `session_id` property is the playback's session, not the visit's.
 */
export function isVideoSpecName(name: string): boolean {
  return /^video /i.test(name.trim());
}

export function trackBody(message: JsonObject, name: string, common: CommonFields, options: VideoSpecOptions): EventBody | Refusal {
  if (given(message.properties) && !isObject(message.properties)) return new Refusal('properties', 'must be an object');
  const properties = isObject(message.properties) ? message.properties : {};
  const video = videoSpecEvent(name, properties, common, options);
  if (video !== undefined && typeof video.type === 'string') return { fields: { ...video, type: video.type }, origins: {} };
  if (isOrderCompleted(name)) return orderCompletedBody(properties);
  const props = safeProperties(properties, 'properties');
  if (props instanceof Refusal) return props;
  return customBody(name, 'event', props, { props: 'properties' });
}
