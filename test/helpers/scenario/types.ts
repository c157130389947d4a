/** The generated scenario and the stats shapes it is checked against. */

export type Percent = 25 | 50 | 75 | 100;
export type ClickTarget = 'cta' | 'detail' | 'choice';
export type RuleKind = 'exact' | 'prefix' | 'pattern' | 'form' | 'custom' | 'click';

interface EventBase {
  id: string;
  /** The true (corrected) instant in epoch ms: the time the event counts at. */
  at: number;
  visitorId: string;
  sessionId: string;
  /** Sent with a bot user agent, so stored with is_bot = true. */
  bot: boolean;
  /** 1: posted before the first rollup; 2: a late event, posted after it. */
  phase: 1 | 2;
  /** The tracker's device hints (sent on page views and impressions of visitors that have them). */
  screenWidth?: number;
  screenHeight?: number;
  touchPoints?: number;
  language?: string;
}

export type ScenarioEvent = EventBase &
  (
    | { type: 'impression' | 'widget_open'; url: string; videoId?: string; slotId?: string }
    | { type: 'page_view'; url: string; title?: string; referrer?: string }
    | { type: 'page_exit'; url: string; timeOnPageMs?: number }
    | { type: 'video_play'; videoId: string; slotId: string; playId: string; startupMs?: number; duration?: number }
    | { type: 'video_request'; videoId: string; slotId: string; playId: string }
    | { type: 'video_error'; videoId: string; slotId: string; playId: string; code: string; fatal: boolean }
    | { type: 'video_stall'; videoId: string; slotId: string; playId: string; durationMs: number }
    | { type: 'video_end'; videoId: string; slotId: string; playId: string; reason: 'completed' | 'exited' | 'error' }
    | { type: 'holdout'; percent: number; url?: string }
    | { type: 'video_progress'; videoId: string; slotId: string; playId: string; percent: Percent }
    | { type: 'video_time'; videoId: string; slotId: string; playId: string; seconds: number; from?: number; to?: number }
    | { type: 'click'; videoId: string; slotId: string; playId?: string; target: ClickTarget; label?: string; toSlotId?: string }
    | { type: 'conversion'; conversionType: string; value?: number; currency?: string; orderId?: string }
    | { type: 'form_submit'; formId: string; fields: string[]; outcome: string }
    | { type: 'custom'; name: string; props?: Record<string, string | number | boolean> }
    // A Segment Video Spec signal: the play's video and slot stay in `asset` and `slot` (not
    // `videoId`/`slotId`), because a signal counts in no video figure itself.
    | { type: 'video_state'; playId: string; state: VideoState; position?: number; totalLength?: number; asset?: string; slot?: string }
    // Derived from signals besides the counted events; stored, but in no figure.
    | { type: 'video_pause' | 'video_resume' | 'video_seek'; videoId: string; slotId: string; playId: string }
  );

/** A Video Spec player state, as the spec's event names say it. */
export type VideoState =
  | 'playback_started'
  | 'content_started'
  | 'playing'
  | 'paused'
  | 'resumed'
  | 'seek_started'
  | 'seek_completed'
  | 'buffer_started'
  | 'buffer_completed'
  | 'content_completed'
  | 'playback_completed'
  | 'exited'
  | 'interrupted';

export type EventType = ScenarioEvent['type'];

export interface CatalogSlot {
  slotId: string;
  links: string[];
  ctaLabel: string;
}

export interface CatalogVideo {
  videoId: string;
  title: string;
  /** Media duration in seconds (the generator's playback model). */
  duration: number;
  slots: CatalogSlot[];
}

export interface ConversionRuleSpec {
  name: string;
  kind: RuleKind;
  pattern: string;
  /** A form rule's outcome. */
  outcome?: string;
  /** A click rule's target. */
  target?: ClickTarget;
}

/**
 * Where a request comes from: the client address a trusted proxy appends to X-Forwarded-For
 * (looked up in the test databases of test/helpers/geoDatabases.ts) and the proxy's country
 * header; either may be missing. Fixed per visitor, so every copy of an event carries the same.
 */
export interface ClientPlace {
  ip?: string;
  countryHeader?: string;
}

/** One HTTP request to POST /v1/events. */
export interface PlannedPost {
  phase: 1 | 2;
  userAgent: string;
  place: ClientPlace;
  bot: boolean;
  /**
   * When set, the request carries `sentAt = Date.now() + sentAtOffsetMs` (stamped at send time)
   * and each `ts = at + tsOffsetMs`. Without it there is no sentAt and ts = at exactly.
   */
  clock?: { sentAtOffsetMs: number; tsOffsetMs: number };
  /** Send ts as ISO 8601 strings instead of epoch ms. */
  isoTimestamps: boolean;
  /** A resend of events already posted (their first stored copy wins). */
  duplicate: boolean;
  events: ScenarioEvent[];
}

export interface Scenario {
  name: string;
  timezone: string;
  currency: string;
  conversionWindowDays: number;
  videos: CatalogVideo[];
  rules: ConversionRuleSpec[];
  /** First and last local day that holds an event (every phase). */
  firstDay: string;
  lastDay: string;
  /** A local day with a DST change inside the scenario, when the zone has one in range. */
  dstDay: string | null;
  /** Named local days of the hand-made cases, for sub-range queries. */
  marks: Record<string, string>;
  /** The visitor id of each hand-made case (K1, K2, …, L1, …), for checks of intent. */
  cases: Record<string, string>;
  /** Unique events (first posted copy), each with the phase of its first post. */
  events: ScenarioEvent[];
  posts: PlannedPost[];
  /**
   * The project's holdout once addHoldout (holdoutEvents.ts) added its events: the salt and
   * percent, and the generated visitors given a claim (in the bucket, out of it), a forged
   * claimant and a held-out bot, for checks of intent.
   */
  holdout?: { salt: string; percent: number; raised: string; exposed: string; forged: string; bot: string };
  /** What the hand-made cases are, for the summary. */
  notes: string[];
  /** The traffic sent through the Segment routes (segmentVisitors.ts), when the project was known at generation. */
  segment?: SegmentPlan;
}

/** The end user a Segment message describes in its `context` (no request fact is used: no Origin). */
export interface SegmentClient {
  userAgent: string;
  /** Only `ip`: a proxy's country header describes the shop's server, not the visitor. */
  place: ClientPlace;
}

/** One POST of Segment messages as a server library sends it (Basic auth, JSON, no Origin). */
export interface SegmentBatch {
  phase: 1 | 2;
  route: '/v1/batch' | '/v1/import';
  /** Re-sends of messages already sent (a client's retry): stored once. */
  duplicate: boolean;
  messages: Record<string, unknown>[];
}

export interface SegmentPlan {
  batches: SegmentBatch[];
  /** Each Segment visitor's client, by visitor id (every message of a visitor carries the same). */
  clients: Record<string, SegmentClient>;
}

/** Figures of the overview endpoint (M). */
export interface OverviewMetrics {
  impressions: number;
  opens: number;
  /** Distinct visitors with a widget_open. */
  openers: number;
  /** Opens, clicks and form submits. */
  interactions: number;
  visitors: number;
  pageviews: number;
  /** Sessions that started on the day (by the local day of their earliest event). */
  sessions: number;
  bounces: number;
  sessionSeconds: number;
  sessionPages: number;
  newSessions: number;
  returningSessions: number;
  plays: number;
  viewers: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  converters: number;
  conversionValue: number;
  otherCurrencies: Record<string, number>;
  playRate: number | null;
  completionRate: number | null;
  ctr: number | null;
  cvr: number | null;
  avgWatchSeconds: number | null;
  bounceRate: number | null;
  avgSessionSeconds: number | null;
  pagesPerSession: number | null;
}

export interface OverviewBody {
  timezone: string;
  from: string;
  to: string;
  currency: string;
  totals: OverviewMetrics;
  series: (OverviewMetrics & { date: string })[];
}

/** Figures of a video or slot row (V). */
export interface VideoMetrics {
  /** Impressions and opens that named the video (and slot). */
  impressions: number;
  opens: number;
  interactions: number;
  plays: number;
  viewers: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  converters: number;
  conversionValue: number;
  playRate: number | null;
  completionRate: number | null;
  ctr: number | null;
  cvr: number | null;
  avgWatchSeconds: number | null;
}

export interface SlotRow extends VideoMetrics {
  slotId: string;
}

export interface VideoRow extends VideoMetrics {
  videoId: string;
  title: string | null;
  slots: SlotRow[];
}

export interface VideosBody {
  videos: VideoRow[];
}

export interface PageRow {
  url: string;
  opens: number;
  visitors: number;
}

export interface PagesBody {
  pages: PageRow[];
  /** The pages beyond `limit`: their opens and distinct visitors. */
  other: { opens: number; visitors: number };
}

export interface TransitionRow {
  fromSlotId: string;
  toSlotId: string;
  count: number;
  /** Choices made from fromSlotId to any slot. */
  fromSlotChoices: number;
  /** count / fromSlotChoices. */
  share: number;
}

export interface TransitionsBody {
  transitions: TransitionRow[];
}
