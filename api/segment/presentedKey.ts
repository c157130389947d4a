import { bearerToken } from '../auth/authenticate.js';
import { HttpError } from '../http/errors.js';

/**
 * The write key from `Authorization: Basic base64(key:)`, Segment's way of sending it. The
 * clients put the key in the user part with an empty password; the colon is optional, since
 * some hand-rolled clients encode the bare key. Undefined when the header is not Basic.
 */
export function basicAuthKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  if (password !== '') {
    throw new HttpError(401, 'invalid_key', 'Basic auth carries the write key as the user name with an empty password', { field: 'authorization' });
  }
  if (user === '') throw new HttpError(401, 'missing_key', 'Basic auth carries no write key in its user name', { field: 'authorization' });
  return user;
}

export type SegmentKeyField = 'authorization' | 'writeKey';

/**
 * The key of a Segment request: HTTP Basic (how every Segment library but the browser's sends
 * it), a Bearer token (how Cuepoint's own clients send it), else `writeKey` in the body (the
 * browser library, whose beacons cannot set headers). A header wins over the body.
 */
export function segmentKey(authorization: string | undefined, bodyKey: string | undefined): { key: string; field: SegmentKeyField } {
  if (authorization !== undefined) {
    const key = basicAuthKey(authorization) ?? bearerToken(authorization);
    if (key !== undefined) return { key, field: 'authorization' };
    if (bodyKey === undefined) {
      throw new HttpError(401, 'missing_key', 'the Authorization header must be `Basic base64(<write key>:)` or `Bearer <key>`', { field: 'authorization' });
    }
  }
  if (bodyKey !== undefined && bodyKey !== '') return { key: bodyKey, field: 'writeKey' };
  throw new HttpError(401, 'missing_key', 'a write key (or the secret server key) is required, as HTTP Basic auth with the key as user name, or as `writeKey` in the body', {
    field: 'writeKey',
  });
}
