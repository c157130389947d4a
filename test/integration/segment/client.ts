import { randomUUID } from 'node:crypto';
import type { Answer, Harness } from '../api/harness.js';

/** What analytics-node's user agent looks like: a server library, not a visitor. */
export const NODE_UA = 'analytics-node-next/latest';

/** A Segment `track` message as analytics-node builds it (its messageId is not a UUID). */
export function track(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    messageId: `node-next-${Date.now()}-${randomUUID()}`,
    anonymousId: randomUUID(),
    event: 'Signed Up',
    timestamp: new Date().toISOString(),
    ...extra,
  };
}

/** `Authorization: Basic base64(user:password)` */
export function basic(credentials: string): string {
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

export interface SegmentPost {
  /** Sent as HTTP Basic with an empty password unless `authorization` is given. */
  key?: string;
  authorization?: string;
  /** Defaults to application/json; null sends none. */
  contentType?: string | null;
  contentEncoding?: string;
  origin?: string;
  headers?: Record<string, string>;
}

/** POSTs a body (an object is sent as JSON) to a Segment path under /v1. */
export function segmentPost(h: Harness, path: string, body: unknown, o: SegmentPost = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'user-agent': NODE_UA, ...o.headers };
  if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  if (o.contentEncoding !== undefined) headers['content-encoding'] = o.contentEncoding;
  if (o.authorization !== undefined) headers.authorization = o.authorization;
  else if (o.key !== undefined) headers.authorization = basic(`${o.key}:`);
  if (o.origin !== undefined) headers.origin = o.origin;
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  return h.request('POST', `/v1${path}`, { headers, body: payload });
}
