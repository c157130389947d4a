import { EVENT_RULES } from './eventRules.js';
import { playbackPrelude, playbackQuality, type Beat } from './playbackEvents.js';
import { TEST_IPS } from '../geoDatabases.js';
import { Rng } from './random.js';
import { segmentTraffic } from './segmentVisitors.js';
import { addDays, localDay, localInstant, offsetChanges, startOfDay } from './time.js';
import type {
  CatalogSlot,
  ClientPlace,
  CatalogVideo,
  ConversionRuleSpec,
  PlannedPost,
  Scenario,
  ScenarioEvent,
} from './types.js';

/**
 * A deterministic scenario: one project's catalog, rules and several weeks of traffic, as the
 * widget and tracker would post it. Everything comes from the seed and the local day of `now`,
 * so the same day always yields the same events.
 *
 * Most traffic is a random population (returning visitors, pauses, seeks, replays, branches,
 * clicks, page views, conversions, bots, duplicates, late beacons); on top of it, hand-made
 * visitors pin the cases the definitions are most likely to get wrong (see `notes`).
 */
export interface GenerateOptions {
  name: string;
  seed: number;
  timezone: string;
  /** The project's currency (conversionValue); others are reported per code. */
  currency: string;
  foreignCurrencies: string[];
  now: number;
  /** Core days of random traffic, ending two days before today. */
  days?: number;
  visitors?: number;
  botVisitors?: number;
  /** Use local-language titles (the Tokyo project). */
  japaneseTitles?: boolean;
  /** The project the traffic is for: with it, some visitors also come through the Segment routes (their ids depend on it). */
  projectId?: string;
}

export const SHOP_ORIGIN = 'https://shop.example';

export const HUMAN_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
] as const;

/** iPadOS Safari asks for desktop sites with a Mac user agent; only its touch points tell it apart. */
export const IPAD_AS_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

/** Device hints the tracker sends: screen size (CSS px) and touch points per human agent. */
const AGENT_HINTS: Readonly<Record<string, Hints>> = {
  [HUMAN_AGENTS[0]]: { screenWidth: 1512, screenHeight: 982, touchPoints: 0, language: 'en-US' },
  [HUMAN_AGENTS[1]]: { screenWidth: 393, screenHeight: 852, touchPoints: 5, language: 'ja-JP' },
  [HUMAN_AGENTS[2]]: { screenWidth: 1920, screenHeight: 1080, touchPoints: 0, language: 'de-DE' },
  [HUMAN_AGENTS[3]]: { screenWidth: 412, screenHeight: 915, touchPoints: 5, language: 'fr' },
  // A Windows touch screen: touch points make only a Mac a tablet.
  [HUMAN_AGENTS[4]]: { screenWidth: 1366, screenHeight: 768, touchPoints: 10, language: 'en-GB' },
  [IPAD_AS_MAC]: { screenWidth: 820, screenHeight: 1180, touchPoints: 5, language: 'en-US' },
};

/**
 * Where visitors come from (the scenario test configures a trusted proxy hop, the test country
 * and city databases and CF-IPCountry): a city, a country only, a country without a city, an
 * address nowhere, a header alone, a header that agrees with the city and one that contradicts it.
 */
export const PLACES: readonly ClientPlace[] = [
  { ip: TEST_IPS.lyon },
  { ip: TEST_IPS.lyon },
  { ip: TEST_IPS.osaka },
  { ip: TEST_IPS.countryOnly },
  { ip: TEST_IPS.bare },
  { ip: TEST_IPS.unknown },
  { countryHeader: 'US' },
  { countryHeader: 'US' },
  { ip: TEST_IPS.lyon, countryHeader: 'FR' },
  { ip: TEST_IPS.osaka, countryHeader: 'KR' },
  {},
];

export const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
] as const;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const POST_MAX_EVENTS = 300;

export function catalog(japanese: boolean): CatalogVideo[] {
  const slot = (slotId: string, links: string[], ctaLabel: string): CatalogSlot => ({ slotId, links, ctaLabel });
  return [
    {
      videoId: 'vid.alpha',
      title: japanese ? 'アルファ：春のルックブック' : 'Alpha — spring lookbook',
      duration: 48.6,
      slots: [slot('alpha-hero', ['alpha-more', 'beta-main'], 'Shop the look'), slot('alpha-more', ['gamma:1', 'alpha-hero'], 'See more')],
    },
    {
      videoId: 'vid.beta',
      title: japanese ? 'ベータ：製品デモ' : 'Beta — product demo',
      duration: 73.2,
      slots: [
        slot('beta-main', ['beta-faq', 'beta-end'], 'Buy now'),
        slot('beta-faq', ['beta-end'], 'Read the FAQ'),
        slot('beta-end', ['alpha-hero'], 'Start over'),
      ],
    },
    {
      videoId: 'vid.gamma',
      title: japanese ? 'ガンマ：お客様の声' : 'Gamma — customer story',
      duration: 35.9,
      slots: [slot('gamma:1', ['gamma:2', 'beta-main'], 'Read the story'), slot('gamma:2', [], 'Contact us')],
    },
  ];
}

export const RULES: ConversionRuleSpec[] = [
  { name: 'thank-you (exact)', kind: 'exact', pattern: 'https://Shop.Example/checkout/thank-you' },
  { name: 'sign-up done (prefix)', kind: 'prefix', pattern: 'https://shop.example/sign_up/done' },
  { name: 'fall campaign (prefix with utm)', kind: 'prefix', pattern: 'https://shop.example/promo?utm_campaign=fall' },
  { name: 'order complete (pattern)', kind: 'pattern', pattern: 'https://shop.example/orders/*/order_complete.html' },
  { name: 'any sign-up page (pattern)', kind: 'pattern', pattern: 'https://shop.example/sign_up/*' },
];

/** Pages the widget is embedded on, most visited first. */
const WIDGET_PAGES: readonly (readonly [string, number])[] = [
  ['https://shop.example/', 30],
  ['https://shop.example/products/sneaker-1', 21],
  ['https://shop.example/collections/fall-2026', 15],
  ['https://shop.example/Products/Sneaker-1', 11],
  ['https://shop.example/products/boots/', 8],
  ['https://shop.example/products/boots', 6.5],
  ['http://shop.example/sale', 5],
  ['https://www.shop.example/sale', 4],
  ['https://shop.example:443/lookbook', 3],
  ['https://blog.shop.example/stories/42', 2.2],
  ['https://shop.example/collections/winter', 1.5],
  ['https://shop.example/about', 0.8],
];

const DECORATIONS = ['', '', '', '?utm_source=news&utm_medium=email', '?q=red+shoes', '?gclid=abc123', '#reviews', '?variant=2#top', '?utm_campaign=fall&fbclid=x9'];

/** Pages that do, or on purpose almost do, match the conversion rules. */
export const RULE_PAGES = [
  'https://shop.example/checkout/thank-you?order=1001',
  'https://SHOP.EXAMPLE/checkout/thank-you#receipt',
  'https://shop.example/checkout/thank-you/',
  'http://shop.example/checkout/thank-you',
  'https://shop.example/Checkout/thank-you',
  'https://shop.example/sign_up/done',
  'https://shop.example/sign_up/done?utm_source=mail&email=a%40b.example',
  'https://shop.example/signXup/done',
  'https://shop.example/sign_up/start',
  'https://shop.example/promo?gclid=zz&utm_campaign=fall',
  'https://shop.example/promo?utm_campaign=fall2',
  'https://shop.example/promo?utm_campaign=spring',
  'https://shop.example/promo?ref=fall',
  'https://shop.example/orders/8812/order_complete.html',
  'https://Shop.example/orders/A-77/order_complete.html?session=abc',
  'https://shop.example/orders/8812/orderXcomplete.html',
  'https://shop.example/orders/8812/order_completeXhtml',
  'https://shop.example/orders/order_complete.html',
];

const REFERRERS = ['', 'https://www.google.com/', 'https://t.co/x', 'https://news.example/today', 'https://shop.example/'];

/** Other referrers of the same class as each of REFERRERS, drawn from the traits generator. */
const REFERRER_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'https://www.google.com/': ['https://www.google.com/', 'https://www.bing.com/search?q=red+boots', 'https://duckduckgo.com/'],
  'https://t.co/x': ['https://t.co/x', 'https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example%2F', 'https://www.youtube.com/watch?v=abc'],
  'https://news.example/today': ['https://news.example/today', 'https://mail.google.com/mail/u/0/'],
};

/** Campaign tags on some landing pages: a key in another case, an encoded dash and space, a content tag. */
const CAMPAIGNS = [
  '?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale',
  '?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale&utm_content=hero',
  '?UTM_Source=Instagram&utm_medium=social&utm_campaign=Lookbook%20%E2%80%94%20Fall',
];

export interface Hints {
  screenWidth: number;
  screenHeight: number;
  touchPoints: number;
  language: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<ScenarioEvent, 'id' | 'at' | 'visitorId' | 'sessionId' | 'bot' | 'phase'>;

interface Clock {
  sentAtOffsetMs: number;
  tsOffsetMs: number;
}

interface Actor {
  visitorId: string;
  userAgent: string;
  bot: boolean;
  place: ClientPlace;
  /** Sent on page views and impressions; none for bots and for some older trackers. */
  hints?: Hints;
  /** All of this actor's events go into one request with this client clock. */
  clock?: Clock;
}

interface Routed {
  event: ScenarioEvent;
  userAgent: string;
  place: ClientPlace;
  clock: Clock | undefined;
  group: string;
}

interface EmitOptions {
  phase?: 1 | 2;
  /** Overrides the actor's user agent for this one event (e.g. a prerender bot). */
  userAgent?: string;
  /** A derived event id, so that the generator's random sequence is not drawn from. */
  id?: string;
}

interface SlotRef {
  video: CatalogVideo;
  slot: CatalogSlot;
}

interface PlayResult {
  t: number;
  ended: boolean;
  choice: SlotRef | undefined;
}

/** The slots a random visit's widget may show before anything plays. */
const SHOWN_SLOTS = ['alpha-hero', 'beta-main', 'gamma:1', 'alpha-more'] as const;

class Builder {
  readonly rng: Rng;
  /**
   * Visitor traits (place, device hints, referrer variant, campaign) come from their own
   * generator, so adding them left every event of the main sequence as it was.
   */
  readonly traits: Rng;
  readonly routed: Routed[] = [];
  readonly notes: string[] = [];
  /** The visitor of each hand-made case, by case name. */
  readonly cases: Record<string, string> = {};
  readonly videos: CatalogVideo[];
  private readonly slots = new Map<string, SlotRef>();
  private orderSeq = 0;

  constructor(
    readonly o: GenerateOptions,
    readonly days: string[],
  ) {
    this.rng = new Rng(o.seed);
    this.traits = new Rng(o.seed + 7919);
    this.videos = catalog(o.japaneseTitles ?? false);
    for (const video of this.videos) for (const slot of video.slots) this.slots.set(slot.slotId, { video, slot });
  }

  /**
   * The video and slot a random visit's widget names on its impression and open: three visits in
   * four name one, the rest none (an older tracker). Taken from the session id, not from the
   * random stream, so every other event of the scenario stays as it was.
   */
  shownWidget(sessionId: string): { videoId: string; slotId: string } | Record<string, never> {
    const n = parseInt(sessionId.slice(-2), 16);
    if (n % 4 === 3) return {};
    const ref = this.slot(SHOWN_SLOTS[n % SHOWN_SLOTS.length]!);
    return { videoId: ref.video.videoId, slotId: ref.slot.slotId };
  }

  slot(slotId: string): SlotRef {
    const ref = this.slots.get(slotId);
    if (!ref) throw new Error(`unknown slot ${slotId}`);
    return ref;
  }

  /** A local wall-clock instant on core day `i` (may be past 24:00 to reach the next day). */
  t(i: number, hh: number, mm: number, ss = 0, ms = 0): number {
    const day = this.days[i];
    if (day === undefined) throw new Error(`no core day ${i}`);
    if (hh >= 24) return localInstant(addDays(day, 1), (hh - 24) * 3600 + mm * 60 + ss, this.o.timezone) + ms;
    return localInstant(day, hh * 3600 + mm * 60 + ss, this.o.timezone) + ms;
  }

  human(clock?: Clock): Actor {
    const visitorId = this.rng.uuid();
    const picked: string = this.rng.pick(HUMAN_AGENTS);
    const userAgent = this.traits.chance(0.12) ? IPAD_AS_MAC : picked;
    const hints = this.traits.chance(0.85) ? AGENT_HINTS[userAgent] : undefined;
    return { visitorId, userAgent, bot: false, place: this.traits.pick(PLACES), ...(hints ? { hints } : {}), ...(clock ? { clock } : {}) };
  }

  botActor(): Actor {
    return { visitorId: this.rng.uuid(), userAgent: this.rng.pick(BOT_AGENTS), bot: true, place: this.traits.pick(PLACES) };
  }

  /** A referrer of the same class, sometimes another platform. */
  referrerVariant(referrer: string): string {
    const variants = REFERRER_VARIANTS[referrer];
    return variants ? this.traits.pick(variants) : referrer;
  }

  /** Sometimes campaign tags on a landing page that has no query or fragment yet. */
  withCampaign(page: string): string {
    return !page.includes('?') && !page.includes('#') && this.traits.chance(0.3) ? page + this.traits.pick(CAMPAIGNS) : page;
  }

  emit(actor: Actor, sessionId: string, at: number, body: EventBody, options: EmitOptions = {}): ScenarioEvent {
    const userAgent = options.userAgent ?? actor.userAgent;
    const bot = options.userAgent === undefined ? actor.bot : (BOT_AGENTS as readonly string[]).includes(userAgent);
    // The tracker sends its hints with page views and impressions; another agent is another client.
    const hinted = actor.hints !== undefined && options.userAgent === undefined && (body.type === 'page_view' || body.type === 'impression');
    const event: ScenarioEvent = {
      ...body,
      ...(hinted ? actor.hints : {}),
      id: options.id ?? this.rng.uuid(),
      at: Math.round(at),
      visitorId: actor.visitorId,
      sessionId,
      bot,
      phase: options.phase ?? 1,
    };
    if (event.at > this.o.now - 10 * MINUTE) throw new Error(`event in the future of the scenario: ${new Date(event.at).toISOString()}`);
    this.routed.push({ event, userAgent, place: actor.place, clock: actor.clock, group: actor.clock ? actor.visitorId : '' });
    return event;
  }

  nextOrderId(): string {
    this.orderSeq += 1;
    return `${this.o.name.toUpperCase().slice(0, 3)}-${String(100000 + this.orderSeq)}`;
  }

  widgetPage(): string {
    const total = WIDGET_PAGES.reduce((s, [, w]) => s + w, 0);
    let r = this.rng.next() * total;
    let page = WIDGET_PAGES[0]![0];
    for (const [url, w] of WIDGET_PAGES) {
      r -= w;
      if (r < 0) {
        page = url;
        break;
      }
    }
    const hostCase = this.rng.pick(['shop.example', 'shop.example', 'Shop.Example', 'SHOP.EXAMPLE']);
    page = page.replace('//shop.example', `//${hostCase}`);
    return page + this.rng.pick(DECORATIONS);
  }

  value(): { value: number; currency: string } {
    if (this.o.foreignCurrencies.length > 0 && this.rng.chance(0.15)) {
      return { value: Math.round(this.rng.range(5, 400) * 100) / 100, currency: this.rng.pick(this.o.foreignCurrencies) };
    }
    if (this.o.currency === 'JPY') return { value: this.rng.int(5, 300) * 100, currency: 'JPY' };
    return { value: Math.round(this.rng.range(4, 500) * 100) / 100, currency: this.o.currency };
  }

  /** One play of a slot through to its end or a stop, with heartbeats, milestones, pauses and seeks. */
  play(actor: Actor, session: string, t0: number, ref: SlotRef, o: EmitOptions = {}, style: { full?: boolean } = {}): PlayResult {
    const rng = this.rng;
    const playId = rng.uuid();
    const v = { videoId: ref.video.videoId, slotId: ref.slot.slotId, playId };
    const dur = ref.video.duration;
    const startupMs = playbackPrelude((at, body, id) => this.emit(actor, session, at, body, { ...o, id }), t0, v);
    this.emit(actor, session, t0, { type: 'video_play', ...v, ...(startupMs === undefined ? {} : { startupMs }) }, o);
    const full = style.full ?? rng.chance(0.42);
    const target = full ? dur : dur * rng.range(0.06, 0.95);
    let pos = 0;
    let last = 0;
    let t = t0;
    let pauses = 0;
    let seekedBack = false;
    let seekedForward = false;
    let guard = 0;
    const beats: Beat[] = [];
    while (pos < target - 1e-9 && guard++ < 200) {
      const step = Math.min(Math.round(rng.range(4, 11) * 100) / 100, target - pos);
      for (const n of [25, 50, 75] as const) {
        const m = (dur * n) / 100;
        if (pos < m && m <= pos + step) this.emit(actor, session, t + (m - pos) * SECOND, { type: 'video_progress', ...v, percent: n }, o);
      }
      pos += step;
      t += step * SECOND;
      beats.push([t - step * SECOND, t]);
      // The stretch [last, pos) was played without a seek (a seek below restarts it), as the tracker sends it.
      const ms = (x: number) => Math.round(x * 1000) / 1000;
      this.emit(actor, session, t, { type: 'video_time', ...v, seconds: ms(pos - last), from: ms(last), to: ms(pos) }, o);
      last = pos;
      t += 5;
      if (rng.chance(0.05)) {
        t += rng.range(0.2, 2) * SECOND;
        this.emit(actor, session, t, { type: 'click', videoId: v.videoId, slotId: v.slotId, playId, target: 'cta', label: ref.slot.ctaLabel }, o);
      }
      if (pauses < 2 && rng.chance(0.07)) {
        pauses += 1;
        t += rng.range(5 * SECOND, 12 * MINUTE);
        this.emit(actor, session, t, { type: 'video_play', ...v }, o);
      }
      if (!seekedBack && pos > dur * 0.55 && rng.chance(0.1)) {
        // Seek back: the milestones crossed again are sent again and must count once.
        seekedBack = true;
        pos = dur * 0.1;
        last = pos;
        t += 400;
      } else if (!seekedForward && pos > dur * 0.05 && pos < dur * 0.4 && rng.chance(0.06)) {
        // Seek forward: skipped milestones are not crossed by playback, so none is sent.
        seekedForward = true;
        pos = Math.min(dur * 0.8, target);
        last = pos;
        t += 400;
      }
    }
    const ended = full;
    playbackQuality((at, body, id) => this.emit(actor, session, at, body, { ...o, id }), t0, v, startupMs, beats, ended);
    if (ended) this.emit(actor, session, t, { type: 'video_progress', ...v, percent: 100 }, o);
    t += rng.range(0.5, 4) * SECOND;
    if (rng.chance(0.12)) {
      const withPlay = rng.chance(0.6);
      this.emit(actor, session, t, { type: 'click', videoId: v.videoId, slotId: v.slotId, ...(withPlay ? { playId } : {}), target: 'cta', label: ref.slot.ctaLabel }, o);
      t += rng.range(1, 5) * SECOND;
    }
    if (rng.chance(0.08)) {
      this.emit(actor, session, t, { type: 'click', videoId: v.videoId, slotId: v.slotId, playId, target: 'detail', label: 'Details' }, o);
      t += rng.range(1, 5) * SECOND;
    }
    let choice: SlotRef | undefined;
    if (ref.slot.links.length > 0 && rng.chance(0.4)) {
      const to = rng.pick(ref.slot.links);
      this.emit(actor, session, t, { type: 'click', videoId: v.videoId, slotId: v.slotId, playId, target: 'choice', toSlotId: to, label: `Go to ${to}` }, o);
      choice = this.slot(to);
      t += rng.range(0.3, 2) * SECOND;
    }
    return { t, ended, choice };
  }

  /** One random visit (one session); returns the time of its last event. */
  visit(actor: Actor, start: number, o: EmitOptions = {}): number {
    const rng = this.rng;
    const session = rng.uuid();
    let t = start;
    const page = this.withCampaign(this.widgetPage());
    const referrer = this.referrerVariant(rng.pick(REFERRERS));
    this.emit(actor, session, t, { type: 'page_view', url: page, title: 'Shop', ...(referrer ? { referrer } : {}) }, o);
    t += rng.range(0.3, 3) * SECOND;
    const widget = this.shownWidget(session);
    this.emit(actor, session, t, { type: 'impression', url: page, ...widget }, o);
    let played = false;
    if (rng.chance(0.6)) {
      t += rng.range(2, 90) * SECOND;
      this.emit(actor, session, t, { type: 'widget_open', url: page, ...widget }, o);
      if (rng.chance(0.85)) {
        played = true;
        let ref: SlotRef | undefined = this.slot(rng.pick(['alpha-hero', 'alpha-hero', 'beta-main', 'beta-main', 'gamma:1', 'alpha-more']));
        let plays = 0;
        t += rng.range(0.5, 4) * SECOND;
        while (ref && plays < 4) {
          const r = this.play(actor, session, t, ref, o);
          plays += 1;
          t = r.t + rng.range(0.5, 3) * SECOND;
          // A branch plays the chosen slot; after the end, sometimes a replay (a new playId).
          if (r.choice) ref = r.choice;
          else if (!(r.ended && rng.chance(0.15))) ref = undefined;
        }
      }
    }
    const pages = rng.int(0, 3);
    let lastUrl = page;
    for (let i = 0; i < pages; i++) {
      t += rng.range(8 * SECOND, 9 * MINUTE);
      const url = rng.chance(played ? 0.35 : 0.15) ? rng.pick(RULE_PAGES) : this.widgetPage();
      this.emit(actor, session, t, { type: 'page_view', url }, o);
      lastUrl = url;
    }
    // The last page's page_exit: timed after one or two pages (a bounce stays a bounce), untimed after three.
    if (pages < 2) this.emit(actor, session, t + 2 * SECOND, { type: 'page_exit', url: lastUrl, timeOnPageMs: Math.round(t % 50_000) }, o);
    else if (pages === 2) this.emit(actor, session, t + 2 * SECOND, { type: 'page_exit', url: lastUrl }, o);
    if (rng.chance(played ? 0.16 : 0.05)) {
      t += rng.range(5 * SECOND, 5 * MINUTE);
      this.emit(actor, session, t, { type: 'conversion', conversionType: 'purchase', orderId: this.nextOrderId(), ...this.value() }, o);
    }
    if (rng.chance(0.05)) {
      t += rng.range(5 * SECOND, 3 * MINUTE);
      this.emit(actor, session, t, { type: 'conversion', conversionType: 'lead' }, o);
    }
    if (rng.chance(0.05)) {
      t += rng.range(5 * SECOND, 3 * MINUTE);
      this.emit(actor, session, t, { type: 'form_submit', formId: 'newsletter', fields: ['email'], outcome: 'success' }, o);
    }
    if (rng.chance(0.05)) {
      t += rng.range(5 * SECOND, 3 * MINUTE);
      this.emit(actor, session, t, { type: 'custom', name: 'quiz_answered', props: { answer: rng.pick(['a', 'b', 'c']) } }, o);
    }
    return t;
  }

  /** A random instant on core day `i`, early enough that a visit ends well before `now`. */
  randomTimeOn(i: number): number {
    const day = this.days[i]!;
    const start = startOfDay(day, this.o.timezone);
    const end = startOfDay(addDays(day, 1), this.o.timezone);
    return start + Math.floor(this.rng.next() * (end - start));
  }
}

/** Builds the scenario of one project. */
export function generateScenario(o: GenerateOptions): Scenario {
  const tz = o.timezone;
  const coreDays = o.days ?? 40;
  const today = localDay(o.now, tz);
  const days = Array.from({ length: coreDays }, (_, i) => addDays(today, -(coreDays + 1) + i));
  const b = new Builder(o, days);
  const rng = b.rng;
  const marks: Record<string, string> = {};

  // ---- Random population -------------------------------------------------------------------
  const visitors = o.visitors ?? 260;
  for (let n = 0; n < visitors; n++) {
    const actor = b.human();
    let i = rng.int(0, coreDays - 1);
    const visits = rng.chance(0.32) ? rng.int(2, 4) : 1;
    for (let k = 0; k < visits && i < coreDays; k++) {
      // A few whole visits reach the server late (a beacon resent on a later page load).
      const phase = rng.chance(0.03) ? 2 : 1;
      b.visit(actor, b.randomTimeOn(i), { phase });
      i += rng.int(1, 9);
    }
  }
  for (let n = 0; n < (o.botVisitors ?? 14); n++) {
    const actor = b.botActor();
    let i = rng.int(0, coreDays - 1);
    const visits = rng.int(1, 3);
    for (let k = 0; k < visits && i < coreDays; k++) {
      b.visit(actor, b.randomTimeOn(i));
      i += rng.int(1, 6);
    }
  }
  b.notes.push(`${visitors} random visitors (about a third returning) and ${o.botVisitors ?? 14} bot visitors over ${coreDays} days`);

  handMadeCases(b, marks);
  const dstDay = dstCase(b, marks);
  const segment = o.projectId === undefined ? undefined : segmentOf(b, o.projectId);

  // ---- Requests ----------------------------------------------------------------------------
  const posts = planPosts(b);
  const events = [...b.routed.map((r) => r.event), ...(segment?.events ?? [])].sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1));
  const eventDays = events.map((e) => localDay(e.at, tz)).sort();
  return {
    name: o.name,
    timezone: tz,
    currency: o.currency,
    conversionWindowDays: 30,
    videos: b.videos,
    rules: [...RULES, ...EVENT_RULES],
    firstDay: eventDays[0]!,
    lastDay: eventDays[eventDays.length - 1]!,
    dstDay,
    marks,
    cases: b.cases,
    events,
    posts,
    notes: b.notes,
    ...(segment ? { segment: segment.plan } : {}),
  };
}

/** Visitors sending through a Segment library (segmentVisitors.ts), their widget events through the tracker. */
function segmentOf(b: Builder, projectId: string): ReturnType<typeof segmentTraffic> {
  const o = b.o;
  const traffic = segmentTraffic({
    name: o.name,
    projectId,
    timezone: o.timezone,
    currency: o.currency,
    foreignCurrencies: o.foreignCurrencies,
    now: o.now,
    seed: o.seed,
    days: b.days,
    videos: b.videos,
    nextOrderId: () => b.nextOrderId(),
    widget: (client, sessionId, at, body, id) => b.emit(client, sessionId, at, body, { id }),
  });
  b.notes.push(`${Object.keys(traffic.plan.clients).length} visitors through Segment: ${traffic.events.length} messages in ${traffic.plan.batches.length} batches`);
  return traffic;
}

/** The hand-made visitors: each pins one rule of docs/architecture.md "Identity and definitions". */
function handMadeCases(b: Builder, marks: Record<string, string>): void {
  const rng = b.rng;
  const cur = b.o.currency;
  const big = cur === 'JPY' ? 12800 : 129.99;
  const foreign = b.o.foreignCurrencies[0] ?? 'EUR';
  const foreign2 = b.o.foreignCurrencies[1] ?? foreign;
  const view = (a: Actor, s: string, at: number, url: string, o: EmitOptions = {}) => b.emit(a, s, at, { type: 'page_view', url }, o);
  const open = (a: Actor, s: string, at: number, url: string, o: EmitOptions = {}) => {
    b.emit(a, s, at, { type: 'page_view', url }, o);
    b.emit(a, s, at + 800, { type: 'impression', url }, o);
    b.emit(a, s, at + 5000, { type: 'widget_open', url }, o);
  };
  const vref = (slotId: string, playId: string) => ({ videoId: b.slot(slotId).video.videoId, slotId, playId });
  const buy = (a: Actor, s: string, at: number, orderId: string | undefined, value: number, currency: string, o: EmitOptions = {}) =>
    b.emit(a, s, at, { type: 'conversion', conversionType: 'purchase', value, currency, ...(orderId ? { orderId } : {}) }, o);

  // K1: a session across local midnight; the play counts on its first day, the 50 % mark on
  // the next; a URL goal matched before and after midnight in one session counts once.
  {
    const d = 17;
    marks.midnight = b.days[d]!;
    const a = b.human();
    const s = rng.uuid();
    const p = vref('beta-main', rng.uuid());
    open(a, s, b.t(d, 23, 50), 'https://shop.example/collections/winter?utm_source=ig');
    b.emit(a, s, b.t(d, 23, 52), { type: 'video_play', ...p });
    b.emit(a, s, b.t(d, 23, 52, 9, 750), { type: 'video_time', ...p, seconds: 9.75 });
    b.emit(a, s, b.t(d, 23, 52, 18, 300), { type: 'video_progress', ...p, percent: 25 });
    b.emit(a, s, b.t(d, 23, 52, 19, 250), { type: 'video_time', ...p, seconds: 9.5 });
    view(a, s, b.t(d, 23, 58), 'https://shop.example/checkout/thank-you?order=K1');
    b.emit(a, s, b.t(d, 24, 3), { type: 'video_play', ...p });
    b.emit(a, s, b.t(d, 24, 3, 17, 350), { type: 'video_progress', ...p, percent: 50 });
    b.emit(a, s, b.t(d, 24, 3, 20), { type: 'video_time', ...p, seconds: 20.125 });
    // Seek back after midnight: 25 % is crossed again and sent again; it stays on the first day.
    b.emit(a, s, b.t(d, 24, 3, 40), { type: 'video_progress', ...p, percent: 25 });
    b.emit(a, s, b.t(d, 24, 3, 41), { type: 'video_time', ...p, seconds: 3.5 });
    view(a, s, b.t(d, 24, 4), 'https://SHOP.EXAMPLE/checkout/thank-you#again');
    buy(a, s, b.t(d, 24, 6), b.nextOrderId(), big, cur);
    b.cases.K1 = a.visitorId;
    b.notes.push('K1 session across local midnight: play, pause, resume after midnight, one URL goal matched on both sides of midnight');
  }

  // K2: the 30 x 24 h window, both edges to the millisecond; an out-of-window order id does not
  // take the key, so the same order counts later once a newer play is in window.
  {
    const a = b.human();
    const t0 = b.t(3, 12, 0, 0, 0);
    const s1 = rng.uuid();
    open(a, s1, t0 - 20_000, 'https://shop.example/products/sneaker-1');
    const p = vref('gamma:1', rng.uuid());
    b.emit(a, s1, t0, { type: 'video_play', ...p });
    b.emit(a, s1, t0 + 5500, { type: 'video_time', ...p, seconds: 5.5 });
    const s2 = rng.uuid();
    view(a, s2, t0 + 30 * DAY, 'https://shop.example/checkout/thank-you');
    view(a, s2, t0 + 30 * DAY + 1, 'https://shop.example/sign_up/done');
    buy(a, s2, t0 + 30 * DAY + 2000, 'BOUNDARY-1', big, cur);
    const s3 = rng.uuid();
    const t1 = t0 + 31 * DAY;
    open(a, s3, t1 - 20_000, 'https://shop.example/');
    const p2 = vref('alpha-hero', rng.uuid());
    b.emit(a, s3, t1, { type: 'video_play', ...p2 });
    b.emit(a, s3, t1 + 8000, { type: 'video_time', ...p2, seconds: 7.875 });
    buy(a, s3, t1 + 10 * MINUTE, 'BOUNDARY-1', big, cur);
    view(a, s3, t1 + 11 * MINUTE, 'https://shop.example/sign_up/done?utm_source=mail');
    marks.windowEdge = localDay(t0 + 30 * DAY, b.o.timezone);
    b.cases.K2 = a.visitorId;
    b.notes.push('K2 conversion window: a goal exactly 30 d after the play counts, 30 d + 1 ms does not; an out-of-window order id is not consumed');
  }

  // K3: one order id sent twice on different days (and by another visitor): counts once.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(10, 15, 0), 'https://shop.example/products/boots');
    b.emit(a, s, b.t(10, 15, 1), { type: 'video_play', ...vref('alpha-more', rng.uuid()) });
    const s2 = rng.uuid();
    buy(a, s2, b.t(11, 10, 0), 'ORDER-TWICE', big, cur);
    buy(a, rng.uuid(), b.t(13, 9, 0), 'ORDER-TWICE', big, cur);
    const c = b.human();
    const sc = rng.uuid();
    open(c, sc, b.t(12, 11, 0), 'https://shop.example/');
    b.emit(c, sc, b.t(12, 11, 1), { type: 'video_play', ...vref('beta-main', rng.uuid()) });
    buy(c, sc, b.t(12, 11, 5), 'ORDER-TWICE', big, cur);
    // Without an order id only the event id deduplicates: two identical-looking leads count twice.
    b.emit(a, s2, b.t(11, 10, 5), { type: 'conversion', conversionType: 'lead' });
    b.emit(a, s2, b.t(11, 10, 6), { type: 'conversion', conversionType: 'lead' });
    b.cases.K3 = a.visitorId;
    b.cases.K3other = c.visitorId;
    b.notes.push('K3 order id sent on three days by two visitors counts once; two leads without order id count twice');
  }

  // K4: values in the project currency and in two others; a value-less conversion.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(16, 9, 30), 'https://shop.example/collections/fall-2026?utm_campaign=fall');
    b.emit(a, s, b.t(16, 9, 31), { type: 'video_play', ...vref('gamma:2', rng.uuid()) });
    buy(a, s, b.t(16, 9, 40), b.nextOrderId(), cur === 'JPY' ? 4980 : 49.95, cur);
    buy(a, s, b.t(16, 9, 41), b.nextOrderId(), 12.34, foreign);
    buy(a, s, b.t(16, 9, 42), b.nextOrderId(), 7.5, foreign2);
    buy(a, s, b.t(16, 9, 43), undefined, cur === 'JPY' ? 300 : 3.3333, cur);
    b.emit(a, s, b.t(16, 9, 44), { type: 'conversion', conversionType: 'newsletter', orderId: b.nextOrderId() });
    marks.currencies = b.days[16]!;
    b.cases.K4 = a.visitorId;
    b.notes.push(`K4 conversion values in ${cur}, ${foreign} and ${foreign2}, one with four decimals, one without value`);
  }

  // K5: every rule against pages that match and pages built to trip LIKE, regex and case bugs.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(6, 10, 0), 'https://shop.example/');
    b.emit(a, s, b.t(6, 10, 0, 10), { type: 'video_play', ...vref('alpha-hero', rng.uuid()) });
    RULE_PAGES.forEach((url, k) => view(a, s, b.t(6, 10, 1 + k), url));
    view(a, s, b.t(6, 10, 30), 'https://shop.example/checkout/thank-you');
    const s2 = rng.uuid();
    view(a, s2, b.t(7, 8, 0), 'https://shop.example/checkout/thank-you?again=1');
    marks.rules = b.days[6]!;
    b.cases.K5 = a.visitorId;
    b.notes.push('K5 rule matching: exact/prefix/pattern against case, scheme, trailing-slash, query, LIKE "_" and regex "." look-alikes; one goal per session');
  }

  // K7: events on exact local midnight and one millisecond before.
  {
    const a = b.human();
    const s = rng.uuid();
    const mid = b.t(29, 24, 0, 0, 0);
    b.emit(a, s, mid - 1, { type: 'impression', url: 'https://shop.example/about' });
    b.emit(a, s, mid, { type: 'widget_open', url: 'https://shop.example/about' });
    const p = vref('beta-faq', rng.uuid());
    b.emit(a, s, mid - 2, { type: 'video_progress', ...p, percent: 25 });
    b.emit(a, s, mid, { type: 'video_play', ...p });
    b.emit(a, s, mid + 10_000, { type: 'video_time', ...p, seconds: 10 });
    marks.exactMidnight = b.days[29]!;
    b.cases.K7 = a.visitorId;
    b.notes.push('K7 events at 23:59:59.999 and 00:00:00.000 local (a milestone sent before its play)');
  }

  // K8: pause (same playId), seek back (25 and 50 sent again), end, replay (new playId), branch.
  {
    const a = b.human();
    const s = rng.uuid();
    const d = 9;
    open(a, s, b.t(d, 10, 0), 'https://Shop.Example/products/sneaker-1?utm_source=news');
    const p = vref('alpha-hero', rng.uuid());
    const beats: [number, EventBody][] = [
      [0, { type: 'video_play', ...p }],
      [6_100, { type: 'video_time', ...p, seconds: 6.1 }],
      [12_150, { type: 'video_progress', ...p, percent: 25 }],
      [13_000, { type: 'video_time', ...p, seconds: 6.9 }],
      [300_000, { type: 'video_play', ...p }],
      [311_300, { type: 'video_progress', ...p, percent: 50 }],
      [312_000, { type: 'video_time', ...p, seconds: 12 }],
      [312_500, { type: 'video_time', ...p, seconds: 0.001 }],
      [320_100, { type: 'video_progress', ...p, percent: 25 }],
      [330_000, { type: 'video_time', ...p, seconds: 17.5 }],
      [332_000, { type: 'video_progress', ...p, percent: 50 }],
      [345_000, { type: 'video_progress', ...p, percent: 75 }],
      [357_000, { type: 'video_time', ...p, seconds: 26.999 }],
      [357_000, { type: 'video_progress', ...p, percent: 100 }],
      [358_000, { type: 'click', videoId: p.videoId, slotId: p.slotId, playId: p.playId, target: 'cta', label: 'Shop the look' }],
      [359_000, { type: 'click', videoId: p.videoId, slotId: p.slotId, target: 'detail', label: 'Details' }],
    ];
    const t0 = b.t(d, 10, 0, 30);
    for (const [dt, body] of beats) b.emit(a, s, t0 + dt, body);
    const r = vref('alpha-hero', rng.uuid());
    b.emit(a, s, t0 + 360_000, { type: 'video_play', ...r });
    b.emit(a, s, t0 + 372_150, { type: 'video_progress', ...r, percent: 25 });
    b.emit(a, s, t0 + 375_000, { type: 'video_time', ...r, seconds: 15 });
    b.emit(a, s, t0 + 376_000, { type: 'click', videoId: r.videoId, slotId: r.slotId, playId: r.playId, target: 'choice', toSlotId: 'alpha-more' });
    const m = vref('alpha-more', rng.uuid());
    b.emit(a, s, t0 + 377_000, { type: 'video_play', ...m });
    b.emit(a, s, t0 + 380_000, { type: 'video_time', ...m, seconds: 3.25 });
    b.cases.K8 = a.visitorId;
    b.notes.push('K8 pause/resume with one playId, seek back re-sending 25/50, end (100), replay with a new playId, a branch');
  }

  // K9: a pause longer than 30 min: the tracker renews the session, the play keeps its id.
  {
    const a = b.human();
    const s1 = rng.uuid();
    const s2 = rng.uuid();
    open(a, s1, b.t(22, 14, 0), 'https://shop.example/products/boots/');
    const p = vref('beta-main', rng.uuid());
    b.emit(a, s1, b.t(22, 14, 1), { type: 'video_play', ...p });
    b.emit(a, s1, b.t(22, 14, 1, 19), { type: 'video_progress', ...p, percent: 25 });
    b.emit(a, s1, b.t(22, 14, 1, 20), { type: 'video_time', ...p, seconds: 19.5 });
    b.emit(a, s2, b.t(22, 14, 46), { type: 'video_play', ...p });
    b.emit(a, s2, b.t(22, 14, 46, 18), { type: 'video_progress', ...p, percent: 50 });
    b.emit(a, s2, b.t(22, 14, 46, 36), { type: 'video_progress', ...p, percent: 75 });
    b.emit(a, s2, b.t(22, 14, 46, 40), { type: 'video_time', ...p, seconds: 40.25 });
    b.cases.K9 = a.visitorId;
    b.notes.push('K9 a 45-minute pause: resumed play in a new session');
  }

  // K10: bots. A bot converts with an order id (never counts, takes no key), then a person
  // uses the same order id; a person's page is prerendered by a bot user agent.
  {
    const bot = b.botActor();
    const s = rng.uuid();
    open(bot, s, b.t(18, 3, 0), 'https://shop.example/');
    const p = vref('alpha-hero', rng.uuid());
    b.emit(bot, s, b.t(18, 3, 1), { type: 'video_play', ...p });
    b.emit(bot, s, b.t(18, 3, 1, 13), { type: 'video_progress', ...p, percent: 25 });
    b.emit(bot, s, b.t(18, 3, 1, 20), { type: 'video_time', ...p, seconds: 19 });
    b.emit(bot, s, b.t(18, 3, 2), { type: 'click', videoId: p.videoId, slotId: p.slotId, playId: p.playId, target: 'choice', toSlotId: 'beta-main' });
    view(bot, s, b.t(18, 3, 3), 'https://shop.example/checkout/thank-you');
    buy(bot, s, b.t(18, 3, 4), 'SHARED-ORDER', big, cur);
    const h = b.human();
    const hs = rng.uuid();
    b.emit(h, hs, b.t(18, 9, 0), { type: 'impression', url: 'https://shop.example/sale' }, { userAgent: BOT_AGENTS[0] });
    b.emit(h, hs, b.t(18, 9, 30), { type: 'page_view', url: 'https://shop.example/' });
    open(h, hs, b.t(18, 9, 31), 'https://shop.example/');
    b.emit(h, hs, b.t(18, 9, 32), { type: 'video_play', ...vref('beta-main', rng.uuid()) });
    buy(h, hs, b.t(18, 9, 40), 'SHARED-ORDER', big, cur);
    const only = b.human();
    b.emit(only, rng.uuid(), b.t(18, 10, 0), { type: 'impression', url: 'https://shop.example/' }, { userAgent: BOT_AGENTS[1] });
    marks.bots = b.days[18]!;
    b.cases.K10bot = bot.visitorId;
    b.cases.K10 = h.visitorId;
    b.cases.K10prerendered = only.visitorId;
    b.notes.push('K10 a bot play, click and conversion (order id then used by a person); a person whose impression came through a bot user agent');
  }

  // K11: a visitor with only form and custom events still counts as a visitor and a session.
  {
    const a = b.human();
    const s = rng.uuid();
    b.emit(a, s, b.t(19, 13, 0), { type: 'form_submit', formId: 'contact', fields: ['name', 'message'], outcome: 'success' });
    b.emit(a, s, b.t(19, 13, 1), { type: 'custom', name: 'chat_opened' });
    b.cases.K11 = a.visitorId;
    b.notes.push('K11 a visitor with only form_submit and custom events');
  }

  // K12: ids the catalog does not know are counted (an unknown slot and an unknown video).
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(23, 16, 0), 'https://shop.example/');
    const legacy = { videoId: 'vid.alpha', slotId: 'alpha-legacy', playId: rng.uuid() };
    b.emit(a, s, b.t(23, 16, 1), { type: 'video_play', ...legacy });
    b.emit(a, s, b.t(23, 16, 1, 13), { type: 'video_progress', ...legacy, percent: 25 });
    b.emit(a, s, b.t(23, 16, 1, 14), { type: 'video_time', ...legacy, seconds: 14 });
    const ghost = { videoId: 'vid.ghost', slotId: 'ghost-1', playId: rng.uuid() };
    b.emit(a, s, b.t(23, 16, 3), { type: 'video_play', ...ghost });
    b.emit(a, s, b.t(23, 16, 3, 5), { type: 'video_time', ...ghost, seconds: 5.05 });
    b.emit(a, s, b.t(23, 16, 3, 6), { type: 'click', ...ghost, target: 'cta' });
    b.emit(a, s, b.t(23, 16, 3, 7), { type: 'click', ...ghost, target: 'choice', toSlotId: 'beta-main' });
    buy(a, s, b.t(23, 16, 5), b.nextOrderId(), big, cur);
    marks.unknownIds = b.days[23]!;
    b.cases.K12 = a.visitorId;
    b.notes.push('K12 an unknown slot of a known video and an unknown video (with a conversion)');
  }

  // K13: client clocks 10 min fast and 2 h slow, corrected with sentAt.
  {
    const fast = b.human({ sentAtOffsetMs: 10 * MINUTE, tsOffsetMs: 10 * MINUTE });
    b.visit(fast, b.t(26, 13, 0));
    b.play(fast, rng.uuid(), b.t(26, 14, 0), b.slot('beta-main'), {}, { full: true });
    const slow = b.human({ sentAtOffsetMs: -2 * HOUR, tsOffsetMs: -2 * HOUR });
    b.visit(slow, b.t(27, 16, 0));
    b.play(slow, rng.uuid(), b.t(27, 17, 0), b.slot('gamma:1'), {}, { full: true });
    b.cases.K13fast = fast.visitorId;
    b.cases.K13slow = slow.visitorId;
    b.notes.push('K13 two clients with skewed clocks (+10 min, -2 h) corrected through sentAt');
  }

  // K14: a conversion before any play does not count; a later play does not take over an
  // earlier conversion.
  {
    const a = b.human();
    const s = rng.uuid();
    view(a, s, b.t(2, 12, 0), 'https://shop.example/checkout/thank-you');
    buy(a, s, b.t(2, 12, 1), b.nextOrderId(), big, cur);
    const s2 = rng.uuid();
    open(a, s2, b.t(4, 12, 0), 'https://shop.example/');
    b.emit(a, s2, b.t(4, 12, 1), { type: 'video_play', ...vref('gamma:1', rng.uuid()) });
    const s3 = rng.uuid();
    view(a, s3, b.t(5, 12, 0), 'https://shop.example/checkout/thank-you');
    buy(a, s3, b.t(5, 12, 1), b.nextOrderId(), big, cur);
    const s4 = rng.uuid();
    open(a, s4, b.t(6, 12, 0), 'https://shop.example/');
    b.emit(a, s4, b.t(6, 12, 1), { type: 'video_play', ...vref('beta-end', rng.uuid()) });
    b.cases.K14 = a.visitorId;
    b.notes.push('K14 conversion before any play (not counted); a newer play after a conversion does not take it');
  }

  // ---- Late events (phase 2) -----------------------------------------------------------------
  const late: EmitOptions = { phase: 2 };
  // L1: a play's first video_play (and first 25 %) arrive late and move the play a day earlier.
  {
    const a = b.human();
    const s = rng.uuid();
    const d = 20;
    marks.lateMove = b.days[d]!;
    open(a, s, b.t(d, 23, 40), 'https://shop.example/products/sneaker-1');
    const p = vref('gamma:1', rng.uuid());
    b.emit(a, s, b.t(d, 23, 50), { type: 'video_play', ...p }, late);
    b.emit(a, s, b.t(d, 23, 50, 9), { type: 'video_progress', ...p, percent: 25 }, late);
    b.emit(a, s, b.t(d, 23, 50, 10), { type: 'video_time', ...p, seconds: 10.5 }, late);
    b.emit(a, s, b.t(d, 24, 10), { type: 'video_play', ...p });
    b.emit(a, s, b.t(d, 24, 10, 2), { type: 'video_progress', ...p, percent: 25 });
    b.emit(a, s, b.t(d, 24, 10, 8), { type: 'video_progress', ...p, percent: 50 });
    b.emit(a, s, b.t(d, 24, 10, 9), { type: 'video_time', ...p, seconds: 8.75 });
    b.cases.L1 = a.visitorId;
    b.notes.push('L1 late first video_play and first 25 % move a play and its milestone to the previous day');
  }
  // L2: a late play takes over a conversion already counted for another video.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(5, 12, 0), 'https://shop.example/');
    b.emit(a, s, b.t(5, 12, 1), { type: 'video_play', ...vref('alpha-hero', rng.uuid()) });
    buy(a, rng.uuid(), b.t(12, 18, 0), 'L2-ORDER', big, cur);
    const s2 = rng.uuid();
    const p = vref('gamma:2', rng.uuid());
    b.emit(a, s2, b.t(10, 9, 0), { type: 'video_play', ...p }, late);
    b.emit(a, s2, b.t(10, 9, 0, 12), { type: 'video_time', ...p, seconds: 12.25 }, late);
    marks.lateTakeover = b.days[12]!;
    b.cases.L2 = a.visitorId;
    b.notes.push('L2 a late play takes over a conversion counted for another video');
  }
  // L2b: a late play brings an out-of-window goal into the window.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(1, 10, 0), 'https://shop.example/');
    b.emit(a, s, b.t(1, 10, 1), { type: 'video_play', ...vref('beta-faq', rng.uuid()) });
    view(a, rng.uuid(), b.t(35, 10, 0), 'https://shop.example/sign_up/done');
    b.emit(a, rng.uuid(), b.t(20, 10, 0), { type: 'video_play', ...vref('gamma:1', rng.uuid()) }, late);
    marks.lateWindow = b.days[35]!;
    b.cases.L2b = a.visitorId;
    b.notes.push('L2b a late play brings a goal 34 days after the only known play into the window');
  }
  // L3: the same order id arrives late with an earlier time: the earlier one now counts.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(14, 9, 0), 'https://shop.example/');
    b.emit(a, s, b.t(14, 9, 1), { type: 'video_play', ...vref('beta-end', rng.uuid()) });
    buy(a, rng.uuid(), b.t(15, 9, 0), 'L3-ORDER', big, cur);
    buy(a, rng.uuid(), b.t(14, 20, 0), 'L3-ORDER', big, cur, late);
    marks.lateOrder = b.days[14]!;
    b.cases.L3 = a.visitorId;
    b.notes.push('L3 an order id arrives late with an earlier time and replaces the counted one');
  }
  // L4: an earlier match of the same goal in the same session arrives late (across midnight).
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(24, 23, 40), 'https://shop.example/');
    b.emit(a, s, b.t(24, 23, 45), { type: 'video_play', ...vref('alpha-more', rng.uuid()) });
    view(a, s, b.t(24, 24, 5), 'https://shop.example/checkout/thank-you');
    view(a, s, b.t(24, 23, 57), 'https://shop.example/checkout/thank-you?late=1', late);
    marks.lateGoal = b.days[24]!;
    b.cases.L4 = a.visitorId;
    b.notes.push('L4 an earlier match of a goal in the same session arrives late (the day before)');
  }
  // L6: a session's landing page view (from a search, with campaign tags) arrives late, the day
  // before its known first page: the session now starts on that day, and its figures on the next
  // day (an open, a play) move to the late landing's source and campaign.
  {
    const a = b.human();
    const s = rng.uuid();
    const d = 30;
    b.emit(a, s, b.t(d, 23, 50), { type: 'page_view', url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=late-landing', referrer: 'https://www.google.com/' }, late);
    open(a, s, b.t(d, 24, 5), 'https://shop.example/products/boots');
    b.play(a, s, b.t(d, 24, 6), b.slot('beta-main'), {}, { full: true });
    marks.lateLanding = b.days[d]!;
    b.cases.L6 = a.visitorId;
    b.notes.push('L6 a late landing page view the day before moves a session, and its next-day figures, to another source and campaign');
  }
  // L5: a whole visitor arrives late.
  {
    const a = b.human();
    const s = rng.uuid();
    open(a, s, b.t(8, 11, 0), 'https://shop.example/collections/winter', late);
    b.play(a, s, b.t(8, 11, 1), b.slot('beta-main'), late, { full: true });
    buy(a, s, b.t(8, 11, 10), b.nextOrderId(), big, cur, late);
    b.cases.L5 = a.visitorId;
    b.notes.push('L5 a whole new visitor arrives late');
  }
}

/**
 * Events around the zone's most recent DST change, when one lies within the ingest window
 * (85 days back). Returns its local day.
 */
function dstCase(b: Builder, marks: Record<string, string>): string | null {
  const tz = b.o.timezone;
  const changes = offsetChanges(tz, b.o.now - 85 * DAY, b.o.now - 2 * DAY);
  const change = changes[changes.length - 1];
  if (change === undefined) return null;
  const day = localDay(change, tz);
  marks.dst = day;
  const rng = b.rng;
  const dayStart = startOfDay(day, tz);
  const nextStart = startOfDay(addDays(day, 1), tz);
  const openAt = (a: Actor, s: string, at: number, url: string) => {
    b.emit(a, s, at, { type: 'page_view', url });
    b.emit(a, s, at + 700, { type: 'impression', url });
    b.emit(a, s, at + 4000, { type: 'widget_open', url });
  };
  // A: play five minutes before the day starts, its 25 % just after midnight.
  {
    const a = b.human();
    b.cases.dstA = a.visitorId;
    const s = rng.uuid();
    openAt(a, s, dayStart - 8 * MINUTE, 'https://shop.example/collections/fall-2026');
    const p = { videoId: 'vid.gamma', slotId: 'gamma:1', playId: rng.uuid() };
    b.emit(a, s, dayStart - 2 * MINUTE, { type: 'video_play', ...p });
    b.emit(a, s, dayStart + 30 * SECOND, { type: 'video_progress', ...p, percent: 25 });
    b.emit(a, s, dayStart + 31 * SECOND, { type: 'video_time', ...p, seconds: 9.0 });
  }
  // B: half an hour after the change and half an hour before it (in a fall-back the same
  // wall-clock hour twice), two sessions an hour apart.
  {
    const a = b.human();
    b.cases.dstB = a.visitorId;
    for (const at of [change - 30 * MINUTE, change + 30 * MINUTE]) {
      const s = rng.uuid();
      openAt(a, s, at, 'https://shop.example/sale');
      const p = { videoId: 'vid.beta', slotId: 'beta-faq', playId: rng.uuid() };
      b.emit(a, s, at + 10 * SECOND, { type: 'video_play', ...p });
      b.emit(a, s, at + 29 * SECOND, { type: 'video_progress', ...p, percent: 25 });
      b.emit(a, s, at + 30 * SECOND, { type: 'video_time', ...p, seconds: 19.5 });
      b.emit(a, s, at + 40 * SECOND, { type: 'click', ...p, target: 'cta' });
    }
  }
  // C: 10 min before the end of the (23 or 25 h) day, converting 10 min into the next.
  {
    const a = b.human();
    b.cases.dstC = a.visitorId;
    const s = rng.uuid();
    openAt(a, s, nextStart - 10 * MINUTE, 'https://shop.example/');
    b.emit(a, s, nextStart - 9 * MINUTE, { type: 'video_play', videoId: 'vid.alpha', slotId: 'alpha-more', playId: rng.uuid() });
    b.emit(a, s, nextStart + 10 * MINUTE, { type: 'page_view', url: 'https://shop.example/orders/5/order_complete.html' });
  }
  // D: half an hour into the day (an hour-off day boundary would put it on the previous day).
  {
    const a = b.human();
    b.cases.dstD = a.visitorId;
    const s = rng.uuid();
    openAt(a, s, dayStart + 30 * MINUTE, 'https://shop.example/');
    b.emit(a, s, dayStart + 31 * MINUTE, { type: 'video_play', videoId: 'vid.alpha', slotId: 'alpha-hero', playId: rng.uuid() });
  }
  const hours = (nextStart - dayStart) / HOUR;
  b.notes.push(`K6 DST change on ${day} (a ${hours} h local day) at ${new Date(change).toISOString()}: events around both midnights and the change`);
  return day;
}

/** Splits the events into requests: by phase and user agent, skewed clients alone, plus resends. */
function planPosts(b: Builder): PlannedPost[] {
  const rng = b.rng;
  const groups = new Map<string, Routed[]>();
  for (const r of b.routed) {
    const key = `${r.event.phase}|${r.userAgent}|${placeKey(r.place)}|${r.group}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const posts: PlannedPost[] = [];
  let n = 0;
  for (const list of groups.values()) {
    const shuffled = rng.shuffle(list);
    for (let i = 0; i < shuffled.length; i += POST_MAX_EVENTS) {
      const chunk = shuffled.slice(i, i + POST_MAX_EVENTS);
      const first = chunk[0]!;
      posts.push({
        phase: first.event.phase,
        userAgent: first.userAgent,
        place: first.place,
        bot: first.event.bot,
        ...(first.clock ? { clock: first.clock } : {}),
        isoTimestamps: n++ % 5 === 3,
        duplicate: false,
        events: chunk.map((r) => r.event),
      });
    }
  }
  // Identical resends within the first phase (the tracker keeps a batch until it sees a 2xx).
  const plain = b.routed.filter((r) => !r.clock);
  const resend = plain.filter((r) => r.event.phase === 1 && rng.chance(0.03));
  const late = plain.filter((r) => r.event.phase === 2 && rng.chance(0.2));
  // Resends after the first rollup, stamped with a sentAt 3 h behind: were they stored again,
  // their corrected time would move by 3 h. Only the first stored copy may count.
  const shifted = plain.filter((r) => r.event.phase === 1 && r.event.at < b.o.now - 2 * DAY && rng.chance(0.004));
  // A resend comes from the same client as the original: same agent, same place.
  const byAgent = (list: Routed[], phase: 1 | 2, clock?: Clock) => {
    const m = new Map<string, Routed[]>();
    for (const r of list) {
      const key = `${r.userAgent}|${placeKey(r.place)}`;
      let l = m.get(key);
      if (!l) m.set(key, (l = []));
      l.push(r);
    }
    for (const l of m.values()) {
      const { userAgent, place } = l[0]!;
      for (let i = 0; i < l.length; i += POST_MAX_EVENTS) {
        const chunk = l.slice(i, i + POST_MAX_EVENTS);
        posts.push({ phase, userAgent, place, bot: chunk[0]!.event.bot, ...(clock ? { clock } : {}), isoTimestamps: false, duplicate: true, events: chunk.map((r) => r.event) });
      }
    }
  };
  byAgent(resend, 1);
  byAgent(late, 2);
  byAgent(shifted, 2, { sentAtOffsetMs: -3 * HOUR, tsOffsetMs: 0 });
  return posts;
}

export function placeKey(p: ClientPlace): string {
  return `${p.ip ?? ''}|${p.countryHeader ?? ''}`;
}

/** The JSON body of one event as the tracker sends it. */
export function wireEvent(e: ScenarioEvent, post: Pick<PlannedPost, 'clock' | 'isoTimestamps'>): Record<string, unknown> {
  const { at, bot: _bot, phase: _phase, ...fields } = e;
  const ts = at + (post.clock?.tsOffsetMs ?? 0);
  return { ...fields, ts: post.isoTimestamps ? new Date(ts).toISOString() : ts };
}

