import { randomUUID } from 'node:crypto';
import { BROWSER_USER_AGENT } from '../ingest/eventBodies.js';

/**
 * Request bodies for the Segment loads, each beside its twin: the same calls as `/v1/events`
 * events (a page call is a page view, a track call the custom event of its name with its
 * properties), so a Segment route and `/v1/events` are measured on the same events and differ
 * only in the route. Every id is fresh, so nothing is a duplicate.
 *
 * A batch is what `@segment/analytics-node` 3.1 sends (captured from the library): one
 * visitor's session slice of page calls with `context.page` and track calls with e-commerce
 * properties, the library's `context.library`, `_metadata` and `integrations`, `writeKey` and
 * `sentAt` in the body: about 400 bytes a message. A backend knows no browser unless it passes
 * one on, so neither the messages nor their twins name a user agent. Every other batch names
 * its session in `context.sessionId` (as a session plugin does); the rest are left to the
 * server's 30-minute split, so half the messages cost the split's Redis call.
 */

/** The page the browser loads come from; the bench project allows it. */
export const SHOP_ORIGIN = 'https://shop.example';
/** The shopper's browser language, as analytics.js's `context.locale` and the tracker's `language`. */
export const BROWSER_LANGUAGE = 'en-US';

type Properties = Record<string, string | number>;

/** One call of a session slice, before it is written as a Segment message or an ingest event. */
export interface Call {
  ts: number;
  page?: { path: string; referrer: string; title: string; url: string };
  track?: { event: string; properties: Properties };
}

const PRODUCTS = ['Trail Runner', 'City Sneaker', 'Canvas Tote', 'Wool Beanie'];

/** The calls a shopper makes, in the order they repeat: land, look, add to cart, go on. */
const STEPS: ((page: number, cart: string) => Omit<Call, 'ts'>)[] = [
  (page) => ({
    page: {
      path: `/p/${page}`,
      referrer: 'https://www.google.com/',
      title: `${PRODUCTS[page % PRODUCTS.length] ?? 'Product'} | Shop`,
      url: `${SHOP_ORIGIN}/p/${page}?utm_source=news`,
    },
  }),
  (page) => ({
    track: {
      event: 'Product Viewed',
      properties: { product_id: `p-${page}`, name: PRODUCTS[page % PRODUCTS.length] ?? 'Product', price: 89.9, currency: 'USD' },
    },
  }),
  (page, cart) => ({ track: { event: 'Product Added', properties: { product_id: `p-${page}`, cart_id: cart, quantity: 1, price: 89.9 } } }),
  (page) => ({ track: { event: 'Size Guide Opened', properties: { product_id: `p-${page}` } } }),
];

let sequence = 0;

/** `count` calls of one shopper, one second apart, ending a second before `now`. */
export function sliceCalls(count: number, now: number): Call[] {
  const page = sequence++ % 2000;
  const cart = randomUUID().slice(0, 8);
  const calls: Call[] = [];
  for (let i = 0; i < count; i++) {
    const step = STEPS[i % STEPS.length] ?? STEPS[0];
    if (!step) throw new Error('no steps');
    calls.push({ ts: now - (count - i) * 1000, ...step(page + Math.floor(i / STEPS.length), cart) });
  }
  return calls;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A call as analytics-node writes it (key order as the library's). */
function nodeMessage(call: Call, anonymousId: string, sessionId: number | undefined): Record<string, unknown> {
  const context: Record<string, unknown> = { library: { name: '@segment/analytics-node', version: '3.1.0' } };
  if (sessionId !== undefined) context.sessionId = sessionId;
  const common = { timestamp: iso(call.ts), integrations: {} };
  const own = call.page
    ? { type: 'page', properties: {}, name: 'Product', context: { ...context, page: call.page } }
    : { event: call.track?.event, type: 'track', properties: call.track?.properties, context };
  return { ...common, ...own, anonymousId, messageId: `node-next-${call.ts}-${randomUUID()}`, _metadata: { nodeVersion: 'v20.20.2', jsRuntime: 'node' } };
}

/** The same call as an ingest event of `/v1/events`. */
function ingestEvent(call: Call, visitorId: string, sessionId: string): Record<string, unknown> {
  const common = { id: randomUUID(), ts: call.ts, visitorId, sessionId };
  if (call.page) return { ...common, type: 'page_view', url: call.page.url, title: call.page.title, referrer: call.page.referrer };
  return { ...common, type: 'custom', name: call.track?.event, props: call.track?.properties };
}

/** `POST /v1/batch` as analytics-node sends it: `count` messages of one visitor. */
export function segmentBatchBody(count: number, writeKey: string): string {
  const now = Date.now();
  const calls = sliceCalls(count, now);
  // Every other batch names its session, as a session plugin would (a number, like Amplitude's).
  return segmentBatchOf(calls, writeKey, now, sequence % 2 === 0 ? now - count * 1000 : undefined);
}

/** `calls` as one analytics-node batch sent at `now`, naming `sessionId` in every message's context when given. */
export function segmentBatchOf(calls: readonly Call[], writeKey: string, now: number, sessionId: number | undefined): string {
  const anonymousId = randomUUID();
  return JSON.stringify({ batch: calls.map((c) => nodeMessage(c, anonymousId, sessionId)), writeKey, sentAt: iso(now) });
}

/** The twin of `segmentBatchBody` for `POST /v1/events`: the same calls as events. */
export function eventsBatchBody(count: number): string {
  const now = Date.now();
  return eventsBatchOf(sliceCalls(count, now), now);
}

/** `calls` as one `/v1/events` body of one visitor and session, sent at `now`. */
export function eventsBatchOf(calls: readonly Call[], now: number): string {
  const visitorId = randomUUID();
  const sessionId = randomUUID();
  return JSON.stringify({ sentAt: now, events: calls.map((c) => ingestEvent(c, visitorId, sessionId)) });
}

/** The call a beacon carries: a product view, a second ago. */
export function beaconCall(now: number): Call {
  const [call] = sliceCalls(2, now).slice(1);
  if (!call?.track) throw new Error('the second step must be a track call');
  return call;
}

/**
 * `POST /v1/t` as analytics.js sends a track call from the shop's page: one message, text/plain,
 * the write key in the body, the page and the browser in `context`. No session named (the
 * browser library names none), so each costs the split.
 */
export function segmentBeaconBody(writeKey: string): string {
  const now = Date.now();
  return segmentBeaconOf(beaconCall(now), writeKey, now);
}

export function segmentBeaconOf(call: Call, writeKey: string, now: number): string {
  const path = `/p/${call.track?.properties.product_id ?? 'p-0'}`;
  return JSON.stringify({
    timestamp: iso(call.ts),
    integrations: {},
    type: 'track',
    event: call.track?.event,
    properties: call.track?.properties,
    context: {
      page: { path, referrer: 'https://www.google.com/', search: '', title: 'Product | Shop', url: `${SHOP_ORIGIN}${path}` },
      userAgent: BROWSER_USER_AGENT,
      locale: BROWSER_LANGUAGE,
      library: { name: 'analytics.js', version: 'npm:next-1.84.3' },
      timezone: 'Europe/Paris',
    },
    messageId: `ajs-next-${now}-${randomUUID()}`,
    anonymousId: randomUUID(),
    writeKey,
    userId: null,
    sentAt: iso(now),
    _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
  });
}

/** The twin of `segmentBeaconBody`: the tracker's own text/plain send of the same call. */
export function eventsBeaconBody(writeKey: string): string {
  const now = Date.now();
  return eventsBeaconOf(beaconCall(now), writeKey, now);
}

export function eventsBeaconOf(call: Call, writeKey: string, now: number): string {
  // The tracker reports the browser's language as analytics.js reports its locale.
  return JSON.stringify({ key: writeKey, sentAt: now, events: [{ ...ingestEvent(call, randomUUID(), randomUUID()), language: BROWSER_LANGUAGE }] });
}
