import { given, objectAt, type JsonObject } from './messageFields.js';

/**
 * The session a Segment message names itself, if any: `context.sessionId` (set by analytics.js
 * session plugins, Amplitude's a number), or a `session_id` property. A Video Spec message's
 * `session_id` is the playback's session and is not read here. A value that is neither text nor
 * a number names nothing: the server's session split then places the message.
 */
export interface NamedSession {
  value: string;
  field: string;
}

export function namedSession(message: JsonObject, isVideo: boolean): NamedSession | undefined {
  const fromContext = sessionText(objectAt(message, 'context').sessionId);
  if (fromContext !== undefined) return { value: fromContext, field: 'context.sessionId' };
  if (isVideo) return undefined;
  const fromProperties = sessionText(objectAt(message, 'properties').session_id);
  return fromProperties === undefined ? undefined : { value: fromProperties, field: 'properties.session_id' };
}

function sessionText(value: unknown): string | undefined {
  if (!given(value)) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
