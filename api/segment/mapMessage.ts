import { v5 as uuidv5 } from 'uuid';

/**
 * One Segment message (track, page, screen, identify, group, alias) as the Cuepoint ingest event
 * it stands for. Placeholder: only `track` is mapped (as a custom event) until the full mapping
 * lands; everything else is refused by name.
 */

export interface MapOptions {
  projectId: string;
  /** The property naming the widget slot on Video Spec messages (a project setting). */
  slotProperty: string;
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
}

export type MapVerdict = { ok: true; mapped: MappedMessage } | { ok: false; field: string; reason: string };

/** `routeType`: the type a single-message route implies (`/v1/track` → track); a batch item names its own. */
export function mapSegmentMessage(raw: unknown, routeType: string | undefined, options: MapOptions): MapVerdict {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, field: '', reason: 'must be an object' };
  const m = raw as Record<string, unknown>;
  const type = routeType ?? m.type;
  if (type !== 'track') return { ok: false, field: 'type', reason: 'is not supported yet' };
  if (typeof m.messageId !== 'string' || typeof m.anonymousId !== 'string' || typeof m.event !== 'string') {
    return { ok: false, field: 'messageId', reason: 'is required' };
  }
  const ts = typeof m.timestamp === 'string' ? Date.parse(m.timestamp) : Date.now();
  return {
    ok: true,
    mapped: {
      event: {
        type: 'custom',
        id: uuidv5(m.messageId, options.projectId),
        ts,
        visitorId: uuidv5(`anonymous:${m.anonymousId}`, options.projectId),
        name: m.event,
      },
    },
  };
}
