import { z } from 'zod';
import { Timestamp } from '../../shared/events/contractParts.js';
import { toEpochMs } from '../../shared/events/time.js';
import { parseBodyObject } from '../http/bodyObject.js';
import { HttpError } from '../http/errors.js';

/** Segment's own bound on one batch. */
export const MAX_BATCH_MESSAGES = 2500;

const jsonObject = z.record(z.string(), z.unknown());

/** The members of a body besides its messages; anything else a client sends is ignored. */
const bodyMembers = {
  writeKey: z.string().max(256).optional().meta({ description: 'The write key, when not sent as HTTP Basic auth (analytics.js puts it here).' }),
  sentAt: Timestamp.optional().meta({ description: 'Client clock at transmission; a message’s own `sentAt` wins.' }),
};

export const SegmentBatchBody = z.looseObject({
  batch: z.array(z.unknown()).min(1, 'must hold at least one message').meta({ description: `Up to ${MAX_BATCH_MESSAGES} messages, each with its own \`type\`.` }),
  ...bodyMembers,
  context: jsonObject.optional().meta({ description: 'Merged into every message’s own `context` (the message’s members win).' }),
});

export const SegmentMessageBody = z.looseObject({
  ...bodyMembers,
});

/** A request body as the route reads it: its messages, in order, and what the body says about all of them. */
export interface SegmentEnvelope {
  messages: readonly unknown[];
  writeKey: string | undefined;
  /** Epoch ms. */
  sentAt: number | undefined;
  /** The batch's `context`, for `withBatchContext`. */
  context: Record<string, unknown> | undefined;
}

/** `{batch: [...]}` on the batch routes; the body is the one message on the others. */
export function parseEnvelope(raw: unknown, batchRoute: boolean): SegmentEnvelope {
  const notObject = batchRoute ? 'the body must be a JSON object with a batch array' : 'the body must be a JSON object (one message)';
  const parsed = batchRoute ? parseBodyObject(raw, SegmentBatchBody, notObject) : parseBodyObject(raw, SegmentMessageBody, notObject);
  const { writeKey, sentAt } = parsed;
  const envelope = { writeKey, sentAt: sentAt === undefined ? undefined : toEpochMs(sentAt) };
  if (!batchRoute) return { messages: [raw], ...envelope, context: undefined };

  const { batch, context } = parsed as z.infer<typeof SegmentBatchBody>;
  if (batch.length > MAX_BATCH_MESSAGES) {
    throw new HttpError(413, 'too_many_messages', `at most ${MAX_BATCH_MESSAGES} messages per batch; got ${batch.length}`, { field: 'batch' });
  }
  return { messages: batch, ...envelope, context };
}

/**
 * The batch's `context` under the message's own, one level deep, as Segment merges them. A
 * message that is not an object is left for the mapper to refuse.
 */
export function withBatchContext(message: unknown, context: Record<string, unknown> | undefined): unknown {
  if (context === undefined || message === null || typeof message !== 'object' || Array.isArray(message)) return message;
  const own = (message as Record<string, unknown>).context;
  const merged = own !== null && typeof own === 'object' && !Array.isArray(own) ? { ...context, ...own } : context;
  return { ...message, context: merged };
}
