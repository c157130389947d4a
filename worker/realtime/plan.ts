import { minuteOf, WINDOW_MINUTES } from '../../shared/realtime/keys.js';
import type { NormalizedEvent } from '../normalize/types.js';

/** What one minute of one project gains from a batch; ids are 16-byte UUIDs. */
export interface MinuteGain {
  minute: number;
  visitors: Buffer[];
  sessions: Buffer[];
  /** Page view event ids with their page keys. */
  pageviews: [Buffer, string][];
  /** Widget open event ids. */
  opens: Buffer[];
  /** Play ids of video_play events with their video ids. */
  plays: [Buffer, string][];
}

/** One project's share of a batch: one script call. */
export interface ProjectGain {
  projectId: string;
  minutes: MinuteGain[];
}

/** The columns of a stored event the live figures read. */
export type RealtimeRow = Pick<NormalizedEvent, 'project_id' | 'event_id' | 'type' | 'occurred_at' | 'visitor_id' | 'session_id' | 'play_id' | 'video_id' | 'page_key' | 'is_bot'>;

/**
 * Groups a batch's stored events by project and minute of their corrected time, as seen at `now`:
 * - bots are left out, as the default figures leave them out;
 * - an event older than the window (a late offline batch, a replayed backlog) is not "now" and
 *   is skipped;
 * - an event ahead of `now` (corrected times never pass the API's receipt, so only the API's
 *   clock running ahead of this worker's) counts in the current minute: it shows at once rather
 *   than in a minute the reader has not reached, and every minute written stays inside the
 *   window the write script checks ids against, so a later redelivery that lands in another
 *   minute still counts once.
 * Repeated ids within a minute are sent once; across minutes and batches the write script
 * absorbs them (worker/realtime/writeScript.ts).
 */
export function planRealtime(rows: Iterable<RealtimeRow>, now: number): ProjectGain[] {
  const current = minuteOf(now);
  const oldest = current - WINDOW_MINUTES + 1;
  const projects = new Map<string, Map<number, Collect>>();
  for (const row of rows) {
    if (row.is_bot) continue;
    const minute = Math.min(minuteOf(row.occurred_at.getTime()), current);
    if (minute < oldest) continue;
    const projectId = row.project_id.toLowerCase();
    let minutes = projects.get(projectId);
    if (!minutes) projects.set(projectId, (minutes = new Map<number, Collect>()));
    let c = minutes.get(minute);
    if (!c) minutes.set(minute, (c = new Collect()));
    c.visitors.add(row.visitor_id.toLowerCase());
    c.sessions.add(row.session_id.toLowerCase());
    if (row.type === 'page_view' && row.page_key !== null) c.pageviews.set(row.event_id.toLowerCase(), row.page_key);
    else if (row.type === 'widget_open') c.opens.add(row.event_id.toLowerCase());
    else if (row.type === 'video_play' && row.play_id !== null && row.video_id !== null && !c.plays.has(row.play_id.toLowerCase())) {
      c.plays.set(row.play_id.toLowerCase(), row.video_id);
    }
  }
  return [...projects].map(([projectId, minutes]) => ({
    projectId,
    minutes: [...minutes].sort(([a], [b]) => a - b).map(([minute, c]) => c.toGain(minute)),
  }));
}

class Collect {
  readonly visitors = new Set<string>();
  readonly sessions = new Set<string>();
  readonly pageviews = new Map<string, string>();
  readonly opens = new Set<string>();
  readonly plays = new Map<string, string>();

  toGain(minute: number): MinuteGain {
    return {
      minute,
      visitors: [...this.visitors].map(uuidBytes),
      sessions: [...this.sessions].map(uuidBytes),
      pageviews: [...this.pageviews].map(([id, page]) => [uuidBytes(id), page]),
      opens: [...this.opens].map(uuidBytes),
      plays: [...this.plays].map(([id, video]) => [uuidBytes(id), video]),
    };
  }
}

/**
 * A UUID as its 16 bytes: less than half of its 36 characters, and small enough for Redis to
 * keep short sets in its compact encoding. Every id the contract carries is a UUID.
 */
export function uuidBytes(uuid: string): Buffer {
  // Slices, not a regular expression: this runs for every id of every batch.
  return Buffer.from(uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18) + uuid.slice(19, 23) + uuid.slice(24), 'hex');
}
