import type { ScenarioEvent } from './types.js';

/** The playback figures the oracle checks, per (video, slot): `key` is `videoId|slotId`. */
export interface PlaybackRow {
  key: string;
  views: number;
  started: number;
  exitsBeforeStart: number;
  startupFailures: number;
}

interface PlayEvents {
  request?: ScenarioEvent;
  frame?: ScenarioEvent;
  fatal?: ScenarioEvent;
}

const earlier = (a: ScenarioEvent | undefined, b: ScenarioEvent): ScenarioEvent => (a === undefined || b.at < a.at || (b.at === a.at && b.id < a.id) ? b : a);

/**
 * Views, started views, exits before start and startup failures over [from, to], computed from
 * the stored events alone (nothing of the product's SQL or registry): a view is a play with a
 * request, on the local day of its first request, or else a play's first video_play without a
 * startup time (an older tracker), on its day; it started when a video_play came, failed at
 * startup when a fatal error came before any video_play, and was an exit when neither came.
 * A view is a bot's when the event that makes it one (the request, or the first frame) is.
 */
export function expectedPlayback(events: readonly ScenarioEvent[], day: (at: number) => string, from: string, to: string, includeBots: boolean): PlaybackRow[] {
  const plays = new Map<string, PlayEvents>();
  for (const e of events) {
    if (e.type !== 'video_request' && e.type !== 'video_play' && e.type !== 'video_error') continue;
    let p = plays.get(e.playId);
    if (!p) plays.set(e.playId, (p = {}));
    if (e.type === 'video_request') p.request = earlier(p.request, e);
    else if (e.type === 'video_play') p.frame = earlier(p.frame, e);
    else if (e.fatal) p.fatal = earlier(p.fatal, e);
  }
  const rows = new Map<string, PlaybackRow>();
  for (const p of plays.values()) {
    const counted = p.request ?? (p.frame?.type === 'video_play' && p.frame.startupMs === undefined ? p.frame : undefined);
    if (counted === undefined || (counted.bot && !includeBots)) continue;
    const d = day(counted.at);
    if (d < from || d > to || (counted.type !== 'video_request' && counted.type !== 'video_play')) continue;
    const key = `${counted.videoId}|${counted.slotId}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, views: 0, started: 0, exitsBeforeStart: 0, startupFailures: 0 }));
    row.views += 1;
    if (p.frame) row.started += 1;
    if (p.fatal && (!p.frame || p.fatal.at < p.frame.at)) row.startupFailures += 1;
    if (!p.frame && !p.fatal) row.exitsBeforeStart += 1;
  }
  return [...rows.values()];
}
