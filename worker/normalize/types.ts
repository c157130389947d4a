import type { IngestJobData } from '../../shared/queue/contract.js';

/** What a job carries besides its events; every event of the job shares it. */
export type JobContext = Omit<IngestJobData, 'events'>;

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'other';
export type ReferrerClass = 'direct' | 'internal' | 'search' | 'social' | 'email' | 'external';

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
  country: string | null;
  ip_prefix: string | null;
  is_bot: boolean;
  props: Record<string, unknown> | null;
  /** Sent with the server key (a shop's backend), not by a browser. */
  from_server: boolean;
}
