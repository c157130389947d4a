import { BROWSER_LANGUAGE, eventsBatchBody, eventsBeaconBody, SHOP_ORIGIN, segmentBatchBody, segmentBeaconBody } from '../segment/segmentBodies.js';
import { BROWSER_USER_AGENT, makeBody } from './eventBodies.js';

/**
 * What a load sends: the route, the headers and a fresh body per request. `events` is the
 * ingest bench's own mix; the others are the Segment loads and their `/v1/events` twins
 * (bench/segment/segmentBodies.ts).
 */
export const REQUEST_KINDS = ['events', 'segment-batch', 'events-twin', 'segment-t', 'events-beacon'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface RequestShape {
  path: string;
  headers(writeKey: string): Record<string, string>;
  body(eventsPerRequest: number, writeKey: string): string;
}

const serverJson = (writeKey: string) => ({ 'content-type': 'application/json', 'x-cuepoint-key': writeKey, 'user-agent': BROWSER_USER_AGENT });
/**
 * A backend's send, as the Segment batch's twin: no browser behind it, so its events have no
 * user agent, as the batch's messages name none (an empty header, since HTTP clients fill in their own).
 */
const backendJson = (writeKey: string) => ({ 'content-type': 'application/json', 'x-cuepoint-key': writeKey, 'user-agent': '' });
/** A page's send: text/plain (no preflight), the key in the body, the page's Origin. */
const browserText = () => ({ 'content-type': 'text/plain;charset=UTF-8', origin: SHOP_ORIGIN, 'user-agent': BROWSER_USER_AGENT, 'accept-language': BROWSER_LANGUAGE });

export const REQUESTS: Record<RequestKind, RequestShape> = {
  events: { path: '/v1/events', headers: serverJson, body: (n) => makeBody(n) },
  'events-twin': { path: '/v1/events', headers: backendJson, body: (n) => eventsBatchBody(n) },
  'segment-batch': {
    path: '/v1/batch',
    // analytics-node's own headers: Basic auth with the key as user name and an empty password.
    headers: (writeKey) => ({
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      'user-agent': 'analytics-node-next/latest',
    }),
    body: (n, writeKey) => segmentBatchBody(n, writeKey),
  },
  'segment-t': { path: '/v1/t', headers: browserText, body: (_n, writeKey) => segmentBeaconBody(writeKey) },
  'events-beacon': { path: '/v1/events', headers: browserText, body: (_n, writeKey) => eventsBeaconBody(writeKey) },
};
