import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Inflate, type Gunzip } from 'node:zlib';
import { HttpError } from '../http/errors.js';
import { mediaTypeOf, requireUtf8 } from '../http/mediaType.js';
import { readRawBody } from '../http/rawBody.js';

/**
 * analytics-node sends JSON, analytics.js `text/plain` (a simple request: no preflight) and
 * some clients no Content-Type at all; every one carries the same JSON.
 */
const MEDIA_TYPES = ['application/json', 'text/plain'];

type Encoding = 'identity' | 'gzip' | 'deflate';

/**
 * The request body as bytes, decompressed, at most `limit` bytes AFTER decompression (Segment's
 * 500 KB is a limit on the JSON, not on the wire). A compressed body is inflated as it streams
 * in and abandoned as soon as its output passes the limit, so a zip bomb costs at most the limit
 * plus one zlib chunk of memory.
 */
export async function readSegmentBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = checkHeaders(req);
  if (encoding === 'identity') return readRawBody(req, limit);
  return inflateCapped(req, encoding === 'gzip' ? createGunzip() : createInflate(), limit);
}

function checkHeaders(req: IncomingMessage): Encoding {
  const contentType = req.headers['content-type'];
  const type = mediaTypeOf(contentType);
  if (type !== undefined && !MEDIA_TYPES.includes(type)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be one of ${MEDIA_TYPES.join(', ')}`, { field: 'content-type' });
  }
  requireUtf8(contentType);
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return 'identity';
  if (encoding === 'gzip' || encoding === 'x-gzip') return 'gzip';
  if (encoding === 'deflate') return 'deflate';
  throw new HttpError(415, 'unsupported_encoding', 'Content-Encoding must be gzip, deflate or none', { field: 'content-encoding' });
}

function inflateCapped(req: IncomingMessage, inflater: Gunzip | Inflate, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let size = 0;
    let settled = false;
    const finish = (err: HttpError | undefined) => {
      if (settled) return;
      settled = true;
      req.off('data', onWire);
      req.off('end', onWireEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      inflater.removeAllListeners('data');
      inflater.on('error', () => undefined);
      inflater.destroy();
      if (err === undefined) {
        resolve(Buffer.concat(chunks, size));
        return;
      }
      // The rest of the body flows into nothing, so the client can still read the answer.
      req.on('error', () => undefined);
      req.resume();
      reject(err);
    };
    const onWire = (chunk: Buffer) => {
      // A compressed body larger than the limit cannot inflate to less than it; refuse early.
      wire += chunk.length;
      if (wire > limit) {
        finish(tooLarge(limit));
        return;
      }
      if (!inflater.write(chunk)) {
        req.pause();
        inflater.once('drain', () => {
          if (!settled) req.resume();
        });
      }
    };
    const onWireEnd = () => inflater.end();
    const onAbort = () => finish(new HttpError(400, 'request_aborted', 'the request body was not received completely', { field: 'body' }));
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    inflater.on('end', () => finish(undefined));
    inflater.on('error', () => finish(new HttpError(400, 'invalid_encoding', 'the body is not valid for its Content-Encoding', { field: 'content-encoding' })));
    req.on('data', onWire);
    req.on('end', onWireEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `the body exceeds ${limit} bytes after decompression`, { field: 'body' });
}
