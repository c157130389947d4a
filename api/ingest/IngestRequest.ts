import type { Request } from 'express';
import type { Config } from '../../shared/config.js';
import { Envelope } from '../../shared/events/schema.js';
import { toEpochMs } from '../../shared/events/time.js';
import type { ClientContext } from '../../shared/queue/contract.js';
import { bearerToken } from '../auth/authenticate.js';
import type { GeoLookup } from '../geo/GeoLookup.js';
import { parseBodyObject } from '../http/bodyObject.js';
import { HttpError } from '../http/errors.js';
import { decodeUtf8, parseJson } from '../http/jsonBody.js';
import { requireMediaType } from '../http/mediaType.js';
import { readRawBody } from '../http/rawBody.js';
import { clientContext } from './clientContext.js';

/** sendBeacon cannot set headers, so `text/plain` carries the same JSON with the key inside. */
export const INGEST_MEDIA_TYPES = ['application/json', 'text/plain'] as const;
export const KEY_HEADER = 'x-cuepoint-key';

/**
 * One ingest request, read and checked up to the envelope: everything later stages need,
 * and nothing (like the raw IP) they must not have.
 */
export class IngestRequest {
  private constructor(
    /** API clock at arrival; the one clock event time is corrected against. */
    readonly receivedAt: number,
    /** Client clock at transmission, when the client sent one. */
    readonly sentAt: number | undefined,
    /** From `X-Cuepoint-Key`, else `Authorization: Bearer`, else the body. */
    readonly key: string,
    /** Where the key came from, named in every key error and 429. */
    readonly keyField: KeyField,
    readonly origin: string | undefined,
    readonly events: readonly unknown[],
    readonly context: ClientContext,
  ) {}

  static async read(req: Request, config: Config, geo: GeoLookup, receivedAt: number): Promise<IngestRequest> {
    requireMediaType(req.headers, INGEST_MEDIA_TYPES);
    const bytes = await readRawBody(req, config.ingest.maxBodyBytes);
    const envelope = parseEnvelope(decodeUtf8(bytes), config.ingest.maxEventsPerRequest);
    const { key, field } = presentedKey(req, envelope.key);
    return new IngestRequest(
      receivedAt,
      envelope.sentAt === undefined ? undefined : toEpochMs(envelope.sentAt),
      key,
      field,
      req.get('origin'),
      envelope.events,
      clientContext(req, config.http, geo),
    );
  }
}

export type KeyField = typeof KEY_HEADER | 'authorization' | 'key';

/**
 * The three places an ingest key may travel, in order. A header wins over the body; a missing
 * key names them all, so a client that sent it somewhere else learns where it belongs.
 */
export function presentedKey(req: Request, bodyKey: string | undefined): { key: string; field: KeyField } {
  const header = req.get(KEY_HEADER);
  if (header !== undefined && header !== '') return { key: header, field: KEY_HEADER };
  const authorization = req.get('authorization');
  const bearer = bearerToken(authorization);
  if (bearer !== undefined) return { key: bearer, field: 'authorization' };
  if (authorization !== undefined && bodyKey === undefined) {
    throw new HttpError(401, 'missing_key', 'the Authorization header must be `Bearer <key>`', { field: 'authorization' });
  }
  if (bodyKey !== undefined && bodyKey !== '') return { key: bodyKey, field: 'key' };
  throw new HttpError(
    401,
    'missing_key',
    `a write key (or the secret server key) is required, in the X-Cuepoint-Key header, as \`Authorization: Bearer <key>\` or as \`key\` in the body`,
    { field: 'key' },
  );
}

type ParsedEnvelope = ReturnType<typeof Envelope.parse>;

export function parseEnvelope(text: string, maxEvents: number): ParsedEnvelope {
  const envelope = parseBodyObject(parseJson(text), Envelope, 'the body must be a JSON object with an events array');
  if (envelope.events.length > maxEvents) {
    throw new HttpError(413, 'too_many_events', `at most ${maxEvents} events per request; got ${envelope.events.length}`, {
      field: 'events',
    });
  }
  return envelope;
}
