import { v5 as uuidv5 } from 'uuid';
import { TEST_IPS } from '../geoDatabases.js';
import { Rng } from './random.js';
import { VIDEO_SPEC_EVENT_NAMES } from '../videoSpecStream.js';
import { planSegmentBatches } from './segmentBatches.js';
import { campaignedUrl, type SegmentCampaign } from './segmentCampaign.js';
import { videoSpecStream, type Signal } from './segmentVideo.js';
import { addDays, startOfDay } from './time.js';
import type { EventBody } from './generate.js';
import type { CatalogVideo, ClientPlace, ScenarioEvent, SegmentClient, SegmentPlan } from './types.js';

/**
 * Visitors of a shop that sends its page views, orders, other events and its own player's Video
 * Spec through a Segment library pointed at Cuepoint, while the Cuepoint widget's tracker sends
 * impressions and opens of the same visitors (same visitor id: the anonymousId is a UUID) in
 * the same project. Drawn from their own generator, so every other event of the scenario stays
 * as it was.
 *
 * Each message becomes the one scenario event the README's Segment mapping names: a `page` call
 * a page view (its URL with the `context.campaign` tags it lacks), `Order Completed` a purchase,
 * another track a custom event, a Video Spec track a `video_state` signal (the oracle derives the
 * play's events from the signals itself, segmentDerive.ts). Ids: UUIDv5 of the messageId in the
 * project's namespace. Every message names its visit in `context.sessionId`; the oracle keys
 * a session by that value and a play by its visitor and playback `session_id`.
 */

export interface SegmentHost {
  name: string;
  projectId: string;
  timezone: string;
  currency: string;
  foreignCurrencies: string[];
  now: number;
  seed: number;
  days: readonly string[];
  videos: readonly CatalogVideo[];
  nextOrderId(): string;
  /** Sends a widget event through the tracker (with the given id), for the visitor's client. */
  widget(client: TrackerClient, sessionId: string, at: number, body: EventBody, id: string): void;
}

export interface TrackerClient {
  visitorId: string;
  userAgent: string;
  bot: boolean;
  place: ClientPlace;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36',
];
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** A message's `context.ip` only: without an Origin no request fact (nor a proxy's country header) is used. */
const PLACES: readonly ClientPlace[] = [{ ip: TEST_IPS.lyon }, { ip: TEST_IPS.osaka }, { ip: TEST_IPS.countryOnly }, { ip: TEST_IPS.bare }, { ip: TEST_IPS.unknown }, {}];

const PAGES = [
  'https://shop.example/',
  'https://shop.example/products/sneaker-1',
  'https://Shop.Example/collections/fall-2026?q=red+shoes',
  'https://shop.example/lookbook#top',
  'https://shop.example/products/boots',
];
/** Pages that match the conversion rules (a thank-you page, a sign-up page). */
const GOAL_PAGES = ['https://shop.example/checkout/thank-you?order=seg', 'https://shop.example/sign_up/done'];
const REFERRERS = [undefined, 'https://www.google.com/', 'https://t.co/x', 'https://news.example/today', 'https://shop.example/'];
const CAMPAIGNS: readonly SegmentCampaign[] = [
  { source: 'newsletter', medium: 'email', name: 'spring-drop' },
  { source: 'partner', medium: 'referral', name: 'Spring Drop', content: 'banner' },
];


interface Visitor extends TrackerClient {
  client: SegmentClient;
  locale: string;
}

export function segmentTraffic(host: SegmentHost, visitors = 34, bots = 2): { events: ScenarioEvent[]; plan: SegmentPlan } {
  const rng = new Rng(host.seed + 4099);
  const out = new Emitter(host, rng);
  const clients: Record<string, SegmentClient> = {};
  for (let n = 0; n < visitors + bots; n++) {
    const bot = n >= visitors;
    const userAgent = bot ? BOT : rng.pick(AGENTS);
    const place = rng.pick(PLACES);
    const v: Visitor = { visitorId: rng.uuid(), userAgent, bot, place, client: { userAgent, place }, locale: rng.pick(['en-US', 'ja_JP', 'fr']) };
    clients[v.visitorId] = v.client;
    let day = rng.int(0, host.days.length - 1);
    const visits = rng.chance(0.35) ? rng.int(2, 3) : 1;
    for (let k = 0; k < visits && day < host.days.length; k++) {
      out.visit(v, day);
      day += rng.int(1, 8);
    }
  }
  return { events: out.events, plan: { batches: planSegmentBatches(rng, out.messages), clients } };
}

/** One message and the scenario event it stands for. */
export interface Sent {
  message: Record<string, unknown>;
  event: ScenarioEvent;
}

class Emitter {
  readonly events: ScenarioEvent[] = [];
  readonly messages: Sent[] = [];
  private seq = 0;

  constructor(
    private readonly host: SegmentHost,
    private readonly rng: Rng,
  ) {}

  /** A visit: a landing page call, sometimes the widget's impression and open, plays, more pages, an order, a custom track. */
  visit(v: Visitor, day: number): void {
    const rng = this.rng;
    const h = this.host;
    const start = startOfDay(h.days[day]!, h.timezone);
    const length = startOfDay(addDays(h.days[day]!, 1), h.timezone) - start;
    let t = start + Math.floor(rng.next() * (length - 30 * MINUTE));
    const session = rng.uuid();
    // A late visit: some of its messages wait in a client's retry queue until after the first rollup.
    const late = rng.chance(0.12);
    const phase = (): 1 | 2 => (late && rng.chance(0.3) ? 2 : 1);
    const landing = rng.pick(PAGES);
    const referrer = rng.pick(REFERRERS);
    this.page(v, session, t, landing, referrer, rng.chance(0.35) ? rng.pick(CAMPAIGNS) : undefined, phase());
    if (rng.chance(0.5)) {
      // The widget's own tracker: a session of its own, the visitor's client.
      const widget = rng.uuid();
      const shown = rng.pick(h.videos);
      const ref = { videoId: shown.videoId, slotId: shown.slots[0]!.slotId };
      h.widget(v, widget, t + 700, { type: 'impression', url: landing, ...ref }, rng.uuid());
      h.widget(v, widget, t + 4000, { type: 'widget_open', url: landing, ...ref }, rng.uuid());
    }
    const plays = rng.chance(0.65) ? rng.int(1, 2) : 0;
    for (let p = 0; p < plays; p++) {
      t += rng.int(5, 90) * SECOND;
      t = this.play(v, session, t, late);
    }
    for (let i = rng.int(0, 2); i > 0; i--) {
      t += rng.int(10, 300) * SECOND;
      this.page(v, session, t, rng.chance(plays > 0 ? 0.4 : 0.1) ? rng.pick(GOAL_PAGES) : rng.pick(PAGES), landing, undefined, phase());
    }
    if (rng.chance(plays > 0 ? 0.35 : 0.1)) {
      t += rng.int(10, 200) * SECOND;
      this.order(v, session, t, phase());
    }
    if (rng.chance(0.2)) {
      t += rng.int(5, 100) * SECOND;
      const name = rng.pick(['Product Viewed', 'quiz_answered']);
      const props: Record<string, string | number> = name === 'quiz_answered' ? { answer: rng.pick(['a', 'b']) } : { product_id: 'sku-1', price: 12 };
      this.send(v, session, t, phase(), { type: 'track', event: name, properties: props }, { type: 'custom', name, props });
    }
  }

  private page(v: Visitor, session: string, at: number, url: string, referrer: string | undefined, campaign: SegmentCampaign | undefined, phase: 1 | 2): void {
    const page: Record<string, unknown> = { url, title: 'Shop', path: new URL(url).pathname };
    if (referrer !== undefined) page.referrer = referrer;
    const context = { page, ...(campaign ? { campaign } : {}) };
    const expected = campaign ? campaignedUrl(url, campaign) : url;
    this.send(v, session, at, phase, { type: 'page', name: 'Shop', properties: { ...page }, context }, { type: 'page_view', url: expected, title: 'Shop', ...(referrer ? { referrer } : {}) });
  }

  /** `Order Completed`: the value under Segment's `revenue` or `total`, currency as sent, USD when none. */
  private order(v: Visitor, session: string, at: number, phase: 1 | 2): void {
    const rng = this.rng;
    const h = this.host;
    const orderId = h.nextOrderId();
    const foreign = rng.chance(0.2) && h.foreignCurrencies.length > 0;
    const currency = foreign ? rng.pick(h.foreignCurrencies) : h.currency;
    const value = currency === 'JPY' ? rng.int(5, 300) * 100 : rng.int(400, 50000) / 100;
    // An order without a currency is in USD, as Segment reads it; a code in lower case is the same code.
    const omitted = currency === 'USD' && rng.chance(0.5);
    const properties: Record<string, unknown> = { order_id: orderId, [rng.chance(0.5) ? 'revenue' : 'total']: value, products: [{ sku: 'sku-1', quantity: 1 }] };
    if (!omitted) properties.currency = rng.chance(0.3) ? currency.toLowerCase() : currency;
    this.send(v, session, at, phase, { type: 'track', event: 'Order Completed', properties }, { type: 'conversion', conversionType: 'purchase', value, currency, orderId });
  }

  /** One Video Spec playback; returns when its last signal was sent. */
  private play(v: Visitor, session: string, t0: number, late: boolean): number {
    const rng = this.rng;
    const video = rng.pick(this.host.videos);
    const slot = rng.chance(0.85) ? rng.pick(video.slots).slotId : undefined;
    const playback = rng.chance(0.2) ? rng.int(1000, 999999) : rng.uuid();
    const playId = `${v.visitorId}/${String(playback)}`;
    const camel = rng.chance(0.25);
    const signals = videoSpecStream(rng, t0, video.duration);
    // Messages of a late playback: any one of them may arrive after the first rollup.
    const latePicks = new Set(late ? signals.filter(() => rng.chance(0.3)) : []);
    for (const s of signals) {
      const properties = videoProperties(s, playback, video, slot, camel);
      const name = rng.chance(0.15) ? VIDEO_SPEC_EVENT_NAMES[s.state].toLowerCase().replaceAll(' ', '_') : VIDEO_SPEC_EVENT_NAMES[s.state];
      const event = { type: 'video_state' as const, playId, state: s.state, position: s.position, totalLength: video.duration, asset: video.videoId, ...(slot ? { slot } : {}) };
      this.send(v, session, s.at, latePicks.has(s) ? 2 : 1, { type: 'track', event: name, properties }, event);
    }
    return signals[signals.length - 1]!.at;
  }

  private send(v: Visitor, session: string, at: number, phase: 1 | 2, body: Record<string, unknown>, expected: EventBody): void {
    if (at > this.host.now - 10 * MINUTE) throw new Error(`segment message in the future of the scenario: ${new Date(at).toISOString()}`);
    const rng = this.rng;
    this.seq += 1;
    const messageId = rng.chance(0.5) ? `node-next-${at}-${rng.uuid()}` : `${this.host.name}-seg-${this.seq}`;
    const own = (body.context ?? {}) as Record<string, unknown>;
    const context: Record<string, unknown> = { ...own, sessionId: session, userAgent: v.userAgent, locale: v.locale, library: { name: 'analytics-node', version: '3.1.0' } };
    if (v.place.ip !== undefined) context.ip = v.place.ip;
    // Both of Segment's time fields are read; timestamp wins when both are present.
    const time = new Date(at).toISOString();
    const when = rng.chance(0.3) ? { originalTimestamp: time } : { timestamp: time };
    const message = { ...body, messageId, anonymousId: v.visitorId, ...when, context };
    const event = this.base(v, session, at, phase, expected, uuidv5(messageId, this.host.projectId));
    this.messages.push({ message, event });
    this.events.push(event);
  }

  private base(v: Visitor, session: string, at: number, phase: 1 | 2, body: EventBody, id: string): ScenarioEvent {
    return { ...body, id, at, visitorId: v.visitorId, sessionId: session, bot: v.bot, phase };
  }
}

/** The Video Spec properties of one signal, in snake_case or (some players) camelCase. */
function videoProperties(s: Signal, playback: string | number, video: CatalogVideo, slot: string | undefined, camel: boolean): Record<string, unknown> {
  const snake: Record<string, unknown> = {
    session_id: playback,
    content_asset_id: video.videoId,
    position: s.position,
    total_length: video.duration,
    video_player: 'shop-player',
    livestream: false,
  };
  if (slot !== undefined) snake.slot_id = slot;
  if (s.seekPosition !== undefined) snake.seek_position = s.seekPosition;
  if (!camel) return snake;
  // The slot property's name is the project's setting (`slot_id`), read as written or in camelCase.
  return Object.fromEntries(Object.entries(snake).map(([k, val]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), val]));
}
