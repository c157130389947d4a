import type { Request } from 'express';
import { z } from 'zod';
import type { Config } from '../../shared/config.js';
import { LIMITS } from '../../shared/events/limits.js';
import { Timestamp } from '../../shared/events/schema.js';
import { toEpochMs } from '../../shared/events/time.js';
import { JourneyEmail } from '../../shared/journeys/email.js';
import type { ClientContext } from '../../shared/queue/contract.js';
import type { GeoLookup } from '../geo/GeoLookup.js';
import { parseBodyObject } from '../http/bodyObject.js';
import { decodeUtf8, parseJson } from '../http/jsonBody.js';
import { requireMediaType } from '../http/mediaType.js';
import { readRawBody } from '../http/rawBody.js';
import { clientContext } from '../ingest/clientContext.js';
import { INGEST_MEDIA_TYPES, presentedKey, type KeyField } from '../ingest/IngestRequest.js';

/** A tracker's unsent buffer is bounded like one ingest request. */
export const MAX_CLIENT_EVENTS = 500;

/**
 * The promote body, sent like an ingest batch (JSON, or text/plain from sendBeacon with the key
 * inside): who submitted the form, which visitor they were, and the events the page had not
 * sent yet.
 */
export const PromoteBody = z.object({
  key: z.string().max(256).optional(),
  sentAt: Timestamp.optional(),
  visitorId: z.uuid('must be a UUID'),
  email: JourneyEmail,
  formId: z.string().min(1).max(LIMITS.labelChars).optional(),
  clientEvents: z.array(z.unknown()).max(MAX_CLIENT_EVENTS, `must hold at most ${MAX_CLIENT_EVENTS} events`).optional(),
});
export type PromoteBody = z.output<typeof PromoteBody>;

/** One promote request, read and checked up to its body; the raw IP goes no further than here. */
export interface PromoteRequest {
  /** API clock at arrival: the journey holds what happened up to this instant. */
  receivedAt: number;
  sentAt: number | undefined;
  key: string;
  keyField: KeyField;
  origin: string | undefined;
  body: PromoteBody;
  context: ClientContext;
}

export async function readPromoteRequest(req: Request, config: Config, geo: GeoLookup, receivedAt: number): Promise<PromoteRequest> {
  requireMediaType(req.headers, INGEST_MEDIA_TYPES);
  const bytes = await readRawBody(req, config.ingest.maxBodyBytes);
  const body = parsePromoteBody(parseJson(decodeUtf8(bytes)));
  const { key, field } = presentedKey(req, body.key);
  return {
    receivedAt,
    sentAt: body.sentAt === undefined ? undefined : toEpochMs(body.sentAt),
    key,
    keyField: field,
    origin: req.get('origin'),
    body,
    context: clientContext(req, config.http, geo),
  };
}

function parsePromoteBody(raw: unknown): PromoteBody {
  return parseBodyObject(raw, PromoteBody, 'the body must be a JSON object with visitorId and email');
}
