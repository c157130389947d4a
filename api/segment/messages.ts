import { scanJson } from '../../shared/events/jsonScan.js';
import type { Rejection } from '../../shared/events/validate.js';
import { withBatchContext, type SegmentEnvelope } from './envelope.js';
import { mapSegmentMessage, type MappedMessage } from './mapMessage.js';
import type { SegmentType } from './routes.js';

export interface ReadOptions {
  projectId: string;
  slotProperty: string;
  /** API clock at arrival: the time of a message that names none. */
  receivedAt: number;
  /** The contract's cap on one event, checked by the mapper so a refusal names the Segment field. */
  maxEventBytes: number;
  /** Segment's 32 KB per message, measured on the message as sent. */
  maxMessageBytes: number;
  /** The type a single-message route implies; undefined on the batch routes. */
  routeType: SegmentType | undefined;
}

/** One message that mapped to an event, with its position in the body and its own transmission time. */
export interface ReadMessage extends MappedMessage {
  index: number;
}

/**
 * Each message of a body, sized and mapped on its own: an oversized or unmappable message is
 * rejected by its index and the rest go on. Pure; the context and the session come later.
 */
export function readMessages(envelope: SegmentEnvelope, options: ReadOptions): { read: ReadMessage[]; rejected: Rejection[] } {
  const read: ReadMessage[] = [];
  const rejected: Rejection[] = [];
  envelope.messages.forEach((message, index) => {
    const size = byteSize(message);
    if (size === undefined) {
      rejected.push({ index, field: '', reason: 'message is nested too deeply' });
      return;
    }
    if (size > options.maxMessageBytes) {
      rejected.push({ index, field: '', reason: `message is ${size} bytes; the limit is ${options.maxMessageBytes} bytes per message` });
      return;
    }
    const verdict = mapSegmentMessage(withBatchContext(message, envelope.context), options.routeType, options);
    if (!verdict.ok) {
      rejected.push({ index, field: verdict.field, reason: verdict.reason });
      return;
    }
    // The message's own sentAt wins: a batch may hold messages queued at different times. A
    // message that named no time has the API's own clock, which no client clock corrects.
    const { mapped } = verdict;
    const sentAt = mapped.tsFrom === 'receivedAt' ? undefined : (mapped.sentAt ?? envelope.sentAt);
    read.push({ ...mapped, sentAt, index });
  });
  return { read, rejected };
}

/**
 * The message's size as JSON, counted without serialising it; undefined when JSON.parse
 * accepted nesting deeper than JSON.stringify can walk.
 */
function byteSize(message: unknown): number | undefined {
  try {
    return scanJson(message).bytes;
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
