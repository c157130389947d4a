import { aliasBody, groupBody, screenBody } from './customMessages.js';
import type { EventBody } from './eventBody.js';
import { contractRefusal } from './contractCheck.js';
import { eventIdOf, namedSessionId, visitorOf } from './ids.js';
import { identifyBody } from './identifyMessage.js';
import { messageDevice } from './messageContext.js';
import { isObject, Refusal, type JsonObject } from './messageFields.js';
import { messageTime } from './messageTime.js';
import { pageBody } from './pageMessage.js';
import { namedSession } from './session.js';
import { isVideoSpecName, trackBody, trackName } from './trackMessage.js';
import type { CommonFields } from './videoSpec.js';

/**
 * One Segment message (track, page, screen, identify, group, alias) as the one Cuepoint ingest
 * event it stands for. Pure: the same message, options and receipt time always give the same
 * event, which is what makes a client's retry a duplicate.
 */

export interface MapOptions {
  projectId: string;
  /** The property naming the widget slot on Video Spec messages (a project setting). */
  slotProperty: string;
  /** When the request arrived (epoch ms): the time of a message that names none. Default: now. */
  receivedAt?: number;
  /** The ingest limit of one event's JSON; when given, a larger mapped event is refused here, naming `properties`. */
  maxEventBytes?: number;
}

export interface MappedMessage {
  /** The Cuepoint ingest event, checked later like any posted event; `sessionId` may be absent. */
  event: Record<string, unknown> & { id: string; ts: number; visitorId: string; sessionId?: string };
  /** The message's own transmission time (epoch ms), when it carries `sentAt`. */
  sentAt?: number;
  /** The end user's device and address as the message reports them (`context.userAgent`, `context.ip`, `context.locale`). */
  userAgent?: string;
  ip?: string;
  locale?: string;
  /**
   * Where `ts` came from. `receivedAt`: the message named no time, so `ts` is the receipt time
   * and needs no correction for the client's clock (a batch's `sentAt` must not shift it).
   */
  tsFrom?: 'timestamp' | 'originalTimestamp' | 'receivedAt';
  /**
   * Event field → the Segment field it came from (`ts` → `timestamp`, `props` → `properties`),
   * for naming a later refusal in the client's terms (segmentField in fieldOrigins.ts).
   */
  fieldOrigins?: Readonly<Record<string, string>>;
}

export type MapVerdict = { ok: true; mapped: MappedMessage } | { ok: false; field: string; reason: string };

const TYPES = ['track', 'page', 'identify', 'group', 'alias', 'screen'] as const;
type MessageType = (typeof TYPES)[number];

/** `routeType`: the type a single-message route implies (`/v1/track` → track); a batch item names its own. */
export function mapSegmentMessage(raw: unknown, routeType: string | undefined, options: MapOptions): MapVerdict {
  const mapped = isObject(raw) ? mapObject(raw, routeType, options) : new Refusal('', 'must be an object');
  return mapped instanceof Refusal ? { ok: false, field: mapped.field, reason: mapped.reason } : { ok: true, mapped };
}

function mapObject(message: JsonObject, routeType: string | undefined, options: MapOptions): MappedMessage | Refusal {
  const type = routeType ?? message.type;
  if (type === undefined || type === null) return new Refusal('type', 'is required');
  if (!isMessageType(type)) return new Refusal('type', `must be one of ${TYPES.join(', ')}`);

  const id = eventIdOf(message, options.projectId);
  if (id instanceof Refusal) return id;
  const visitor = visitorOf(message, options.projectId);
  if (visitor instanceof Refusal) return visitor;
  const time = messageTime(message, options.receivedAt ?? Date.now());
  if (time instanceof Refusal) return time;
  const name = type === 'track' ? trackName(message) : undefined;
  if (name instanceof Refusal) return name;

  const session = namedSession(message, name !== undefined && isVideoSpecName(name));
  const common: CommonFields = { id, ts: time.ts, visitorId: visitor.id };
  if (session) common.sessionId = namedSessionId(visitor.id, session.value, options.projectId);

  const body = bodyOf(type, message, name ?? '', common, options);
  if (body instanceof Refusal) return body;

  const device = messageDevice(message);
  const event = { ...device.hints, ...body.fields, ...common };
  const fieldOrigins: Record<string, string> = {
    ...device.origins,
    ...body.origins,
    id: 'messageId',
    // A message with no time of its own is judged by the time it should have named.
    ts: time.field === 'receivedAt' ? 'timestamp' : time.field,
    visitorId: visitor.field,
    ...(session ? { sessionId: session.field } : {}),
  };
  const refusal = contractRefusal(event, fieldOrigins, options.maxEventBytes);
  if (refusal) return refusal;

  const mapped: MappedMessage = { event, tsFrom: time.field, fieldOrigins };
  if (time.sentAt !== undefined) mapped.sentAt = time.sentAt;
  if (device.userAgent !== undefined) mapped.userAgent = device.userAgent;
  if (device.ip !== undefined) mapped.ip = device.ip;
  if (device.locale !== undefined) mapped.locale = device.locale;
  return mapped;
}

function bodyOf(type: MessageType, message: JsonObject, name: string, common: CommonFields, options: MapOptions): EventBody | Refusal {
  switch (type) {
    case 'track':
      return trackBody(message, name, common, { projectId: options.projectId, slotProperty: options.slotProperty });
    case 'page':
      return pageBody(message);
    case 'identify':
      return identifyBody(message);
    case 'group':
      return groupBody(message);
    case 'alias':
      return aliasBody(message);
    case 'screen':
      return screenBody(message);
  }
}

function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && (TYPES as readonly string[]).includes(value);
}
