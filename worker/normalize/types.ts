import type { IngestJobData } from '../../shared/queue/contract.js';
import type { ReferrerSource } from '../../shared/sessions/columns.js';

/** What a job carries besides its events; every event of the job shares it. */
export type JobContext = Omit<IngestJobData, 'events'>;

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'other';
/** The finer class of a referrer, kept beside its source. */
export type ReferrerClass = 'direct' | 'internal' | 'search' | 'social' | 'email' | 'external';
export type { ReferrerSource };
/** Screen width classes: below 576, 992 and 1440 CSS pixels, and wider. */
export type ScreenClass = 'mobile' | 'tablet' | 'laptop' | 'desktop';

/** One row of the `events` table, column for column (persist/columns.ts checks the match). */
export interface NormalizedEvent {
  project_id: string;
  event_id: string;
  type: string;
  occurred_at: Date;
  client_ts: Date;
  received_at: Date;
  visitor_id: string;
  session_id: string;
  play_id: string | null;
  video_id: string | null;
  slot_id: string | null;
  to_slot_id: string | null;
  percent: number | null;
  seconds: number | null;
  target: string | null;
  label: string | null;
  url: string | null;
  page_key: string | null;
  url_host: string | null;
  url_path: string | null;
  referrer: string | null;
  referrer_host: string | null;
  referrer_class: ReferrerClass | null;
  referrer_source: ReferrerSource | null;
  /** A named search engine or social network (google, facebook …), from a maintained list. */
  referrer_platform: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  conversion_type: string | null;
  value: number | null;
  currency: string | null;
  order_id: string | null;
  name: string | null;
  browser: string | null;
  browser_version: string | null;
  os: string | null;
  device: DeviceClass | null;
  /** Primary language subtag, lowercased (`ja`, `en`). */
  language: string | null;
  screen_class: ScreenClass | null;
  country: string | null;
  region: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  ip_prefix: string | null;
  /** page_exit: time in view, clamped to [0, 24 h]. */
  time_on_page_ms: number | null;
  /** page_exit: deepest scroll, 0–100. */
  max_scroll_percent: number | null;
  /** video_time: the played stretch [range_from, range_to) in media seconds. */
  range_from: number | null;
  range_to: number | null;
  /** video_play: the media duration the player reported, in seconds. */
  media_duration: number | null;
  is_bot: boolean;
  props: Record<string, unknown> | null;
  /** Sent with the server key (a shop's backend), not by a browser. */
  from_server: boolean;
}
