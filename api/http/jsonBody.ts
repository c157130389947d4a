import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';
import { requireMediaType } from './mediaType.js';
import { readRawBody } from './rawBody.js';

/** Fatal: invalid bytes are a 400, never silently replaced with U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_utf8', 'the body is not valid UTF-8', { field: 'body' });
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON', { field: 'body' });
  }
}

/** True when the request announces a body (a length above zero, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** Reads a size-limited `application/json` body; undefined when the request has none. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  requireMediaType(req.headers, ['application/json']);
  return parseJson(decodeUtf8(await readRawBody(req, limit)));
}
