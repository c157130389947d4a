/**
 * The Cuepoint browser tracker: identity, automatic widget / page / video / click tracking and
 * delivery (docs/architecture.md, "Browser tracker": batches stay in localStorage until a 2xx is
 * seen; beacons on page hide, chunked to 60 KB; text/plain with the key inside, so no
 * preflight). Dependency-free.
 */
import { pageTime, scrollPercent, type PageTime } from './core/pageTime.js';
import { Playback, type PlaybackEmit } from './core/playback.js';
import { backoffMs, chunk, envelope, MAX_REQUEST_BYTES, merge, outcome, parseQueue, utf8Length, type QueuedEvent } from './core/queue.js';
import { bucket, parseSettings, type HoldoutSettings } from './core/holdout.js';
import { formatStamped, identify, uuidFromBytes, type Stamped } from './core/session.js';

type Fields = Record<string, unknown>;

export interface InitOptions {
  /** The project's public write key (`cpw_…`). */
  key: string;
  /** `POST /v1/events` of your Cuepoint; defaults to the origin the tracker was loaded from. */
  endpoint?: string;
}

export interface ConversionInput {
  type: string;
  value?: number;
  currency?: string;
  orderId?: string;
}

interface Bound {
  videoId: string;
  slotId: string;
  pb: Playback;
}

/** 0: waiting, 1: in flight, 2: handed to a beacon (resent on the next load or when visible again). */
interface Entry {
  e: QueuedEvent;
  s: 0 | 1 | 2;
}

const w = window;
const d = document;
const Q = 'cp_q';
const V = 'cp_v';
const S = 'cp_s';
/** The project's holdout settings as last fetched, and the session that last sent a holdout event. */
const HS = 'cp_hs';
const HX = 'cp_hx';
const MAX_EVENT_BYTES = 32_000;
const BATCH_SIZE = 20;
const HEARTBEAT_MS = 10_000;
const scriptSrc = (d.currentScript as HTMLScriptElement | null)?.src ?? '';

let key = '';
let endpoint = '';
let started = false;
let queue: Entry[] = [];
let inflight = false;
let attempt = 0;
let retryAt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastUrl = '';
let page: PageTime | undefined;
const videos = new Map<HTMLVideoElement, Bound>();
const widgets = new WeakSet<Element>();
/**
 * The holdout percent when this visitor is held out, else 0; undefined until the settings are
 * known, and until then widgets are neither counted as impressions nor held out.
 */
let held: number | undefined;

// ---- storage: first-party localStorage, a cookie when it is unavailable ----

function lsGet(k: string): string | null {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
}

function lsSet(k: string, v: string): boolean {
  try {
    localStorage.setItem(k, v);
    return true;
  } catch {
    return false;
  }
}

function idGet(k: string): string | null {
  const ls = lsGet(k);
  if (ls) return ls;
  const m = new RegExp(`(?:^|; )${k}=([^;]*)`).exec(d.cookie);
  return m ? decodeURIComponent(m[1] ?? '') : null;
}

function idSet(k: string, v: string): void {
  if (lsSet(k, v)) return;
  d.cookie = `${k}=${encodeURIComponent(v)}; max-age=${540 * 86_400}; path=/; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
}

function uuid(): string {
  return uuidFromBytes(crypto.getRandomValues(new Uint8Array(16)));
}

// ---- strings the API caps ----

/** At most `n` code points, so a surrogate pair is never split (the API refuses lone surrogates). */
function cap(s: string | null | undefined, n: number): string | undefined {
  const t = (s ?? '').trim();
  return t ? Array.from(t).slice(0, n).join('') : undefined;
}

/** The page URL without fragment, within the API's 2 KB (the query goes first). */
function pageUrl(u = location.href): string {
  const noHash = u.split('#')[0] ?? u;
  return noHash.length <= 2048 ? noHash : (noHash.split('?')[0] ?? '').slice(0, 2048);
}

// ---- the queue ----

function persist(acked: ReadonlySet<string> = new Set()): void {
  lsSet(Q, JSON.stringify(merge(parseQueue(lsGet(Q)), queue.map((q) => q.e), acked)));
}

/** The visitor and session of an event at `now`, stored as used then. */
function identity(now: number): { visitor: Stamped; session: Stamped } {
  const found = identify(idGet(V), idGet(S), now, uuid);
  idSet(V, formatStamped(found.visitor));
  idSet(S, formatStamped(found.session));
  return found;
}

function track(type: string, fields: Fields = {}): void {
  const now = Date.now();
  const { visitor, session } = identity(now);
  if ((type === 'impression' || type === 'widget_open' || type === 'page_view') && fields.url === undefined) fields = { ...fields, url: pageUrl() };
  if (type === 'impression' || type === 'page_view') fields = { ...hints(), ...fields };
  const e: QueuedEvent = { ...fields, id: uuid(), type, ts: now, visitorId: visitor.id, sessionId: session.id };
  if (utf8Length(JSON.stringify(e)) > MAX_EVENT_BYTES) return;
  queue.push({ e, s: 0 });
  if (queue.length > 500) queue = queue.slice(-500);
  persist();
  schedule(queue.filter((q) => q.s === 0).length >= BATCH_SIZE ? 0 : 1000);
}

function schedule(ms: number): void {
  if (timer !== undefined || !key) return;
  timer = setTimeout(
    () => {
      timer = undefined;
      void send();
    },
    Math.max(ms, retryAt - Date.now()),
  );
}

function done(ids: string[]): void {
  const acked = new Set(ids);
  queue = queue.filter((q) => !acked.has(q.e.id));
  persist(acked);
}

async function send(): Promise<void> {
  if (inflight || !key) return;
  const waiting = queue.filter((q) => q.s === 0);
  const batch = chunk(key, waiting.map((q) => q.e))[0];
  if (!batch) return;
  const ids = batch.map((e) => e.id);
  const sending = new Set(ids);
  for (const q of waiting) if (sending.has(q.e.id)) q.s = 1;
  inflight = true;
  let status = 0;
  let retryAfter: number | undefined;
  try {
    const r = await fetch(endpoint, {
      method: 'POST',
      body: envelope(key, batch, Date.now()),
      headers: { 'Content-Type': 'text/plain' },
      credentials: 'omit',
    });
    status = r.status;
    retryAfter = Number(r.headers.get('Retry-After')) || undefined;
  } catch {
    // Network error, or an answer without CORS headers: retried.
  }
  inflight = false;
  if (outcome(status) === 'done') {
    attempt = 0;
    retryAt = 0;
    done(ids);
  } else {
    attempt++;
    retryAt = Date.now() + backoffMs(attempt, retryAfter, Math.random());
    for (const q of queue) if (q.s === 1) q.s = 0;
  }
  if (queue.some((q) => q.s === 0)) schedule(0);
}

/** Page hide: everything not yet acknowledged goes out in beacons of at most 60 KB, keepalive fetch when refused. */
function hide(): void {
  for (const [el, b] of videos) emitVideo(b, b.pb.tick(el.currentTime, el.duration, el.seeking));
  if (!key) return;
  const open = queue.filter((q) => q.s !== 2);
  for (const events of chunk(key, open.map((q) => q.e))) {
    const body = envelope(key, events, Date.now());
    let queued = false;
    try {
      queued = navigator.sendBeacon(endpoint, body);
    } catch {
      // Refused outright: the keepalive fetch below takes over.
    }
    if (!queued) {
      fetch(endpoint, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain' }, credentials: 'omit' })
        .then((r) => {
          if (outcome(r.status) === 'done') done(events.map((e) => e.id));
        })
        .catch(() => undefined);
    }
  }
  for (const q of open) q.s = 2;
  persist();
}

/** Visible again (or restored from the back-forward cache): beaconed events are confirmed by a normal send. */
function shown(): void {
  for (const q of queue) if (q.s === 2) q.s = 0;
  schedule(0);
}

// ---- videos ----

function emitVideo(b: Bound, emits: PlaybackEmit[]): void {
  for (const m of emits) {
    const base = { videoId: b.videoId, slotId: b.slotId, playId: m.playId };
    if (m.kind === 'play') track('video_play', { ...base, startupMs: m.startupMs, autoplay: m.autoplay, duration: m.duration });
    else if (m.kind === 'progress') track('video_progress', { ...base, percent: m.percent });
    else if (m.kind === 'time') track('video_time', { ...base, seconds: m.seconds, from: m.from, to: m.to });
    else {
      // Playback quality events carry their own fields under the contract's names.
      const { kind, playId: _, ...fields } = m;
      track(`video_${kind}`, { ...base, ...fields });
    }
  }
}

/** Monotonic ms for startup and stall lengths: wall-clock jumps would distort them. */
const mono = () => performance.now();

/** Page hide: every play requested or under way ends as exited. */
function exitVideos(): void {
  for (const [el, b] of videos) emitVideo(b, b.pb.exit(el.currentTime, el.duration, mono()));
}

/** Tracks plays, milestones and watch seconds of `el` as (videoId, slotId); binding again with other ids starts a new play. */
function bind(el: HTMLVideoElement, videoId: string, slotId: string): void {
  const known = videos.get(el);
  if (known) {
    if (known.videoId === videoId && known.slotId === slotId) return;
    emitVideo(known, known.pb.reset(el.currentTime, el.duration, mono()));
    known.videoId = videoId;
    known.slotId = slotId;
    return;
  }
  const b: Bound = { videoId, slotId, pb: new Playback(uuid) };
  videos.set(el, b);
  const on = (name: string, f: () => PlaybackEmit[] | undefined) =>
    el.addEventListener(
      name,
      () => {
        const out = f();
        if (out) emitVideo(b, out);
      },
      // A <source> child's error does not bubble; capture still sees it.
      name === 'error',
    );
  const activation = (navigator as { userActivation?: { isActive: boolean } }).userActivation;
  // Without a user gesture under way the intent is the page's or autoplay's, not the viewer's.
  on('play', () => b.pb.request(mono(), activation ? !activation.isActive : el.autoplay));
  on('waiting', () => {
    b.pb.waiting(mono(), el.seeking);
    return undefined;
  });
  on('error', () => b.pb.error(String(el.error?.code ?? 'source'), el.error !== null, mono()));
  on('playing', () => b.pb.playing(el.currentTime, mono(), el.duration));
  on('timeupdate', () => (el.paused ? undefined : b.pb.sample(el.currentTime, el.duration, el.seeking)));
  on('seeking', () => {
    b.pb.seeking();
    return undefined;
  });
  on('seeked', () => b.pb.seeked(el.currentTime, el.paused));
  on('pause', () => [...b.pb.pause(el.currentTime, el.duration), ...(el.ended ? [] : b.pb.pausedAt(el.currentTime, mono()))]);
  on('ended', () => b.pb.end(el.currentTime, el.duration));
  if (!el.paused && el.readyState > 2) emitVideo(b, b.pb.playing(el.currentTime, el.duration));
}

function heartbeat(): void {
  for (const [el, b] of videos) if (!el.paused) emitVideo(b, b.pb.tick(el.currentTime, el.duration, el.seeking));
}

/** DOM changes come in bursts; one scan per burst keeps the page fast. */
let scanTimer: ReturnType<typeof setTimeout> | undefined;
function scanSoon(): void {
  scanTimer ??= setTimeout(() => {
    scanTimer = undefined;
    scan();
  }, 50);
}

/** Marked videos get bound and rendered widgets counted, now and whenever the DOM changes. */
function scan(): void {
  d.querySelectorAll<HTMLVideoElement>('video[data-cp-video][data-cp-slot]').forEach((el) => {
    bind(el, el.getAttribute('data-cp-video') ?? '', el.getAttribute('data-cp-slot') ?? '');
  });
  if (held === undefined) return;
  d.querySelectorAll<HTMLElement>('[data-cp-widget]').forEach((el) => {
    // The page's CSS must leave [hidden] alone (docs/architecture.md, "Browser tracker").
    if (held) el.hidden = true;
    if (widgets.has(el)) return;
    widgets.add(el);
    if (!held) return track('impression', widgetVideo(el));
    // Once per session: the session the event is about to join.
    const sid = identity(Date.now()).session.id;
    if (idGet(HX) === sid) return;
    idSet(HX, sid);
    track('holdout', { percent: held });
  });
}

/**
 * A returning visitor's stored settings decide at once (no flicker); fresh ones are fetched in
 * the background for the next page. A first visit waits for them, at most 3 s, then shows.
 */
function loadHoldout(): void {
  const vid = identity(Date.now()).visitor.id;
  const decide = (s?: HoldoutSettings) => {
    if (held !== undefined) return;
    held = s && bucket(s.holdoutSalt, vid) < s.holdoutPercent ? s.holdoutPercent : 0;
    scan();
  };
  const cached = parseSettings(lsGet(HS));
  if (cached) decide(cached);
  fetch(new URL(`/v1/tracker/settings?key=${encodeURIComponent(key)}`, endpoint))
    // An error answer's body is not settings: parseSettings refuses it.
    .then((r) => r.text())
    .then((t) => {
      const fresh = parseSettings(t);
      if (fresh) lsSet(HS, t);
      decide(fresh);
    })
    .catch(() => decide());
  setTimeout(decide, 3000);
}

const CATALOG_ID = /^[\w.:-]{1,128}$/;

/**
 * The video and slot a widget shows: its own `data-cp-video` and `data-cp-slot`, else those of
 * the first marked element inside it; only ids the API accepts, so the event is never refused.
 */
function widgetVideo(widget: Element | null): Fields {
  const el = widget?.matches('[data-cp-video][data-cp-slot]') ? widget : widget?.querySelector('[data-cp-video][data-cp-slot]');
  const videoId = el?.getAttribute('data-cp-video') ?? '';
  const slotId = el?.getAttribute('data-cp-slot') ?? '';
  return CATALOG_ID.test(videoId) && CATALOG_ID.test(slotId) ? { videoId, slotId } : {};
}

// ---- clicks ----

function onClick(ev: Event): void {
  const t = ev.target;
  if (!(t instanceof Element)) return;
  if (t.closest('[data-cp-open]')) track('widget_open', widgetVideo(t.closest('[data-cp-widget]')));
  const el = t.closest('[data-cp-click]');
  if (!el) return;
  const target = el.getAttribute('data-cp-click');
  const ctx = el.closest('[data-cp-video][data-cp-slot]');
  const videoId = ctx?.getAttribute('data-cp-video');
  const slotId = ctx?.getAttribute('data-cp-slot');
  if ((target !== 'cta' && target !== 'detail' && target !== 'choice') || !videoId || !slotId) return;
  const toSlotId = el.getAttribute('data-cp-to-slot') ?? undefined;
  if (target === 'choice' && !toSlotId) return;
  let playId: string | undefined;
  for (const b of videos.values()) if (b.videoId === videoId && b.slotId === slotId && b.pb.playId) playId = b.pb.playId;
  track('click', { videoId, slotId, playId, target, toSlotId, label: cap(el.getAttribute('data-cp-label') ?? el.textContent, 200) });
}

// ---- forms ----

/** Forms with a start not yet followed by a submit: the next input starts no new attempt. */
const begun = new WeakSet<Element>();

/** Only forms the page opts in with `data-cp-form="<formId>"` are tracked. */
function formOf(t: EventTarget | null): { f: HTMLFormElement; formId: string } | undefined {
  const f = t instanceof Element ? t.closest<HTMLFormElement>('form[data-cp-form]') : null;
  const formId = cap(f?.getAttribute('data-cp-form'), 256);
  return f && formId ? { f, formId } : undefined;
}

function formInput(ev: Event): void {
  const m = formOf(ev.target);
  if (!m || begun.has(m.f)) return;
  begun.add(m.f);
  track('form_start', { formId: m.formId, url: pageUrl() });
}

/**
 * Each named field's name, type and typed length; a value only from fields marked
 * `data-cp-value`. A password input (or one the browser fills with a password) is never read:
 * not its value, not even its length.
 */
function formSubmit(ev: Event): void {
  const m = formOf(ev.target);
  if (!m) return;
  begun.delete(m.f);
  const fields: Fields[] = [];
  const values: Record<string, string> = {};
  const named = new Set<string>();
  for (const el of Array.from(m.f.elements) as HTMLInputElement[]) {
    const name = cap(el.name, 256);
    const type = el.type;
    if (!name || !('value' in el) || /^(submit|button|reset|image|hidden|file)$/.test(type) || named.size >= 200) continue;
    const secret = type === 'password' || /password/i.test(el.getAttribute('autocomplete') ?? '');
    const choice = type === 'checkbox' || type === 'radio';
    if (!named.has(name)) {
      named.add(name);
      fields.push({ name, type: type.slice(0, 64), length: secret || choice ? undefined : Math.min(el.value.length, 100_000) });
    }
    if (!secret && el.hasAttribute('data-cp-value') && (!choice || el.checked)) {
      const v = cap(el.value, 256);
      if (v) values[name] = v;
    }
  }
  track('form_submit', { formId: m.formId, outcome: 'submitted', fields, values, url: pageUrl() });
}

// ---- pages ----

/**
 * What the user agent cannot say: an iPad's Safari claims to be a Mac, but it has touch points
 * and a tablet's screen. A language the API would refuse is left out rather than lose the event.
 */
function hints(): Fields {
  const n = navigator;
  // Browsers report whole CSS pixels and a handful of touch points, well within the API's bounds.
  return {
    language: /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(n.language) ? n.language.slice(0, 35) : undefined,
    screenWidth: screen.width,
    screenHeight: screen.height,
    touchPoints: n.maxTouchPoints,
  };
}

function scrolled(): void {
  page?.scroll(scrollPercent(w.scrollY, w.innerHeight, d.documentElement.scrollHeight));
}

function pageView(referrer: string): void {
  lastUrl = pageUrl();
  page = pageTime(Date.now(), d.visibilityState === 'visible');
  scrolled();
  track('page_view', { url: lastUrl, title: cap(d.title, 200), referrer: referrer ? pageUrl(referrer) : undefined });
}

/** The current page view ends once: on the first page hide, or when the next route begins. */
function pageExit(): void {
  const end = page?.end(Date.now());
  if (end) track('page_exit', { url: lastUrl, ...end });
}

/** pushState / popstate: single-page apps get a page view per route (their thank-you pages must convert). */
function route(): void {
  if (pageUrl() === lastUrl) return;
  pageExit();
  pageView(lastUrl);
}

// ---- public API ----

function init(options: InitOptions): void {
  key = options.key;
  endpoint = options.endpoint ?? new URL('/v1/events', scriptSrc || location.href).href;
  if (started) return;
  started = true;
  // Whatever an earlier page left unacknowledged goes out again; the server deduplicates by id.
  const mine = new Set(queue.map((q) => q.e.id));
  queue = [...parseQueue(lsGet(Q)).filter((e) => !mine.has(e.id)).map((e): Entry => ({ e, s: 0 })), ...queue];
  pageView(d.referrer);
  scan();
  loadHoldout();
  new MutationObserver(scanSoon).observe(d.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-cp-video', 'data-cp-slot', 'data-cp-widget'],
  });
  d.addEventListener('click', onClick, true);
  d.addEventListener('input', formInput, true);
  d.addEventListener('submit', formSubmit, true);
  const push = history.pushState.bind(history);
  history.pushState = (...args: Parameters<History['pushState']>) => {
    push(...args);
    route();
  };
  w.addEventListener('popstate', route);
  w.addEventListener('scroll', scrolled, { passive: true });
  // The page exit is queued before the beacons go, so it leaves with them.
  w.addEventListener('pagehide', () => {
    exitVideos();
    pageExit();
    hide();
  });
  w.addEventListener('pageshow', (e) => {
    if (e.persisted) shown();
  });
  d.addEventListener('visibilitychange', () => {
    if (d.visibilityState === 'hidden') {
      pageExit();
      hide();
    } else {
      page?.visible(Date.now());
      shown();
    }
  });
  setInterval(heartbeat, HEARTBEAT_MS);
  schedule(0);
}

function conversion(c: ConversionInput): void {
  track('conversion', { conversionType: c.type, value: c.value, currency: c.currency, orderId: c.orderId });
}

/** For the page to hand to its backend, which sends the server conversion for this visitor and session. */
function ids(): { visitorId: string; sessionId: string } {
  const { visitor, session } = identity(Date.now());
  return { visitorId: visitor.id, sessionId: session.id };
}

export interface PromoteInput {
  /** The address the person typed into the form. */
  email: string;
  formId?: string;
}

/** Client events older than this are left out of a promote: the server keeps a shorter window anyway, and refuses events past its maximum age. */
const PROMOTE_MAX_AGE_MS = 7 * 86_400_000;

/**
 * A person submitted a form: links this visitor's recent events to the address they gave. The
 * events not yet acknowledged go along (`clientEvents`), so the journey holds them even if they
 * never arrive on their own; they stay queued, and a later resend is deduplicated. Sent as a
 * beacon (the form usually navigates away), within its 60 KB, newest events kept.
 */
function promote(p: PromoteInput): void {
  if (!key) return;
  const now = Date.now();
  const visitorId = identity(now).visitor.id;
  let events = queue.map((q) => q.e).filter((e) => e.visitorId === visitorId && now - e.ts < PROMOTE_MAX_AGE_MS);
  const body = () => JSON.stringify({ key, sentAt: Date.now(), visitorId, email: p.email, formId: p.formId, clientEvents: events });
  while (events.length > 0 && utf8Length(body()) > MAX_REQUEST_BYTES) events = events.slice(Math.ceil(events.length / 4));
  const url = new URL('/v1/journeys/promote', endpoint).href;
  const text = body();
  let queued = false;
  try {
    queued = navigator.sendBeacon(url, text);
  } catch {
    // Refused outright: the keepalive fetch below takes over.
  }
  if (!queued) fetch(url, { method: 'POST', body: text, keepalive: true, headers: { 'Content-Type': 'text/plain' }, credentials: 'omit' }).catch(() => undefined);
}

/**
 * The site's own id of the signed-in user, tied to this visitor for access and erasure requests
 * (personal data: see the README's Privacy section). An id the API would refuse is not sent.
 */
function identifyUser(userId: string): void {
  if (typeof userId === 'string' && userId.length > 0 && userId.length <= 200) track('identify', { userId });
}

const api = { init, track, conversion, bind, flush: send, ids, promote, identify: identifyUser };
type Api = typeof api;
type Command = { [K in keyof Api]: [K, ...Parameters<Api[K]>] }[keyof Api];

/** `cuepoint('track', 'custom', {...})` and `cuepoint.track('custom', {...})` both work; calls made before load are replayed. */
const g = w as unknown as { cuepoint?: unknown };
const early = (g.cuepoint as { q?: ArrayLike<unknown>[] } | undefined)?.q ?? [];
const call = (...args: Command): unknown => (api[args[0]] as (...a: unknown[]) => unknown)(...args.slice(1));
g.cuepoint = Object.assign(call, api);
for (const args of early) call(...(Array.from(args) as Command));
