import { z } from 'zod';
import { MAX_BATCH_MESSAGES, SegmentBatchBody, SegmentMessageBody } from '../../segment/envelope.js';
import type { SegmentSuccess } from '../../segment/answers.js';
import { BATCH_PATHS, SEGMENT_PREFIX, SINGLE_PATHS, TELEMETRY_PATH } from '../../segment/routes.js';
import type { Json, OpenApiBuilder, Paths } from '../builder.js';
import { ErrorResponse, IngestRejection } from '../schemas.js';

const SegmentResult = z.object({
  success: z.literal(true),
  accepted: z.number().int().min(0),
  rejected: z.array(IngestRejection).meta({ description: 'Messages refused one by one; `index` is the position in `batch` (0 on a single-message route).' }),
});

/** Segment's clients read `code` and `message` at the top level; `error` is the same, as every Cuepoint answer has it. */
const SegmentError = ErrorResponse.extend({ code: z.string(), message: z.string() });

const SegmentFailure = SegmentError.extend({ success: z.literal(false), accepted: z.literal(0), rejected: z.array(IngestRejection) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** Does not compile when the 200 the code builds and the documented one disagree. */
export type SegmentShapeMatchesTheCode = Assert<Same<SegmentSuccess, z.output<typeof SegmentResult>>>;

const AUTH =
  'The write key as HTTP Basic auth (`Authorization: Basic base64(<key>:)`, the colon optional), as `Authorization: Bearer <key>`, or as `writeKey` in the body. ' +
  'The secret server key works too, from a backend only (refused with an Origin); its events are stored `from_server`, with each message’s own end-user context. ';
const LIMITS =
  `Bodies are JSON, sent as application/json, text/plain or without a Content-Type, optionally \`Content-Encoding: gzip\` or \`deflate\`; at most 500 KB after decompression (413), ${MAX_BATCH_MESSAGES} messages (413) and 32 KB per message (that message alone is rejected). `;
const ANSWERS =
  '200 only once the accepted messages are in the queue. Every message is judged alone; each rejection names its index, field and reason, and a body with none accepted is a 400. ' +
  'The end user’s context is the message’s own (`context.userAgent`, `context.ip` — resolved to a place, then dropped — and `context.locale`); a request with an Origin is the end user’s browser and fills in what the message lacks, one without never does. ' +
  'Event ids are UUIDv5 of the project and `messageId`, so a retried message is stored once. Rate limits, origins and clock correction (`sentAt`) are those of `/v1/events`.';

/** Segment's HTTP Tracking API: the batch routes, the single-message routes and the browser's telemetry. */
export function segmentPaths(b: OpenApiBuilder): Paths {
  const { component, json } = b;
  const error = component('SegmentError', SegmentError, 'output');
  const retryAfter = { 'Retry-After': { description: 'Whole seconds to wait before retrying', schema: { type: 'integer' } } };
  const errors: Record<string, Json> = {
    '400': json('Invalid JSON (`invalid_json`), body, UTF-8 or compressed data (`invalid_encoding`), or no message accepted (`no_valid_events`, with `rejected`)', {
      oneOf: [component('SegmentFailure', SegmentFailure, 'output'), error],
    }),
    '401': json('Missing, unknown, revoked or expired key, or Basic auth with a password', error),
    '403': json('A key of the wrong kind, an origin not allowed, or the server key from a page', error),
    '413': json('Over 500 KB after decompression, or over 2,500 messages', error),
    '415': json('Unsupported media type, charset or Content-Encoding', error),
    '429': json('Over a rate limit, or the ingest backlog is full: retry after `Retry-After` seconds', error, retryAfter),
    '503': json('The queue (`queue_unavailable`) or the session store (`session_store_unavailable`) is unavailable', error, retryAfter),
  };
  const preflight = (operationId: string): Json => ({
    operationId,
    tags: ['segment'],
    summary: 'CORS preflight: allows Authorization, Content-Type and X-Retry-Count (the origin is checked on the POST)',
    responses: { '204': { description: 'Preflight answer' } },
  });
  const ok = json('Accepted: at least one message was queued', component('SegmentResult', SegmentResult, 'output'));
  const paths: Paths = {};

  const batchBody = component('SegmentBatch', SegmentBatchBody, 'input');
  for (const path of BATCH_PATHS) {
    const name = path.slice(1);
    paths[`${SEGMENT_PREFIX}${path}`] = {
      post: {
        operationId: `segment_${name}`,
        tags: ['segment'],
        summary: path === '/batch' ? 'Segment: a batch of messages' : `Segment: a batch of messages (alias of /v1/batch)`,
        description: AUTH + LIMITS + ANSWERS,
        security: [{ segmentBasic: [] }, { serverKey: [] }, {}],
        requestBody: { required: true, content: { 'application/json': { schema: batchBody }, 'text/plain': { schema: batchBody } } },
        responses: { '200': ok, ...errors },
      },
      options: preflight(`segment_${name}_preflight`),
    };
  }

  const messageBody = component('SegmentMessage', SegmentMessageBody, 'input');
  for (const [path, type] of Object.entries(SINGLE_PATHS)) {
    const name = path.slice(1);
    paths[`${SEGMENT_PREFIX}${path}`] = {
      post: {
        operationId: `segment_${name}`,
        tags: ['segment'],
        summary: `Segment: one ${type} message`,
        description: `The body is the message; its type is \`${type}\` whatever it says. ` + AUTH + LIMITS + ANSWERS,
        security: [{ segmentBasic: [] }, { serverKey: [] }, {}],
        requestBody: { required: true, content: { 'application/json': { schema: messageBody }, 'text/plain': { schema: messageBody } } },
        responses: { '200': ok, ...errors },
      },
      options: preflight(`segment_${name}_preflight`),
    };
  }

  paths[`${SEGMENT_PREFIX}${TELEMETRY_PATH}`] = {
    post: {
      operationId: 'segment_metrics',
      tags: ['segment'],
      summary: 'Segment: the browser library’s own telemetry, answered and not stored',
      description: 'Needs no key; counted against the per-IP rate limit. The body is not read.',
      security: [{}],
      responses: { '204': { description: 'Received' }, '429': errors['429'] },
    },
    options: preflight('segment_metrics_preflight'),
  };
  return paths;
}
