import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

/**
 * Reads a request body into one Buffer, stopping at `limit` bytes. Ingest reads raw bytes
 * itself (instead of `express.json`) so that it can accept sendBeacon's `text/plain`, decode
 * UTF-8 fatally and answer every fault with our JSON error shape.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    discardRest(req);
    return Promise.reject(tooLarge(limit));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: HttpError | undefined) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle(tooLarge(limit));
        discardRest(req);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(undefined);
    const onAbort = () => settle(new HttpError(400, 'request_aborted', 'the request body was not received completely', { field: 'body' }));
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/**
 * Lets the rest of an oversize body flow into nothing, so the 413 can still be read by the
 * client; the server's requestTimeout bounds a body that never ends.
 */
function discardRest(req: IncomingMessage): void {
  req.on('error', () => undefined);
  req.resume();
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `the body exceeds ${limit} bytes`, { field: 'body' });
}
