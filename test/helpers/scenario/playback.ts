import { startupQuantile, startupBucket, STARTUP_BUCKETS } from './startupHistogram.js';
import type { ScenarioEvent } from './types.js';

/**
 * GET /v1/stats/playback computed from the stored events alone (nothing of the product's SQL or
 * registry), by the definitions of the README's "Playback quality":
 * - a view is a play with a request, on the local day of its first request, or else a play's
 *   first video_play without a startup time (an older tracker), on its day; it started when a
 *   video_play came, failed at startup when a fatal error came before any video_play, and was an
 *   exit when neither came; its startup time is its first frame's startupMs (requested views only);
 * - a view is a bot's when the event that makes it one (the request, or the first frame) is;
 * - a playback failure is a play with a fatal error after its first frame, once per play and
 *   local day of such errors, under the video, slot and bot flag of the day's first one;
 * - stalls, stall time and watch seconds are each event's own, on its day;
 * - every rate divides range sums: rebuffer % = 100 × stall seconds / watch seconds, the others
 *   100 × count / views, all to 4 decimals.
 */

/** The answer's figures of one (video, slot), of the rows past the limit, or of all. */
export interface PlaybackFigures {
  views: number;
  started: number;
  startupTimes: number;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  rebufferCount: number;
  stallMs: number;
  watchSeconds: number;
  rebufferPercent: number | null;
  exitsBeforeStart: number;
  exitsBeforeStartPercent: number | null;
  startupFailures: number;
  startupFailurePercent: number | null;
  playbackFailures: number;
  playbackFailurePercent: number | null;
}

export interface PlaybackAnswer {
  rows: ({ videoId: string; slotId: string } & PlaybackFigures)[];
  other: PlaybackFigures | null;
  total: PlaybackFigures;
}

/** What is summed per (video, slot): counts, watch time in whole ms (exact), startup buckets. */
interface Sums {
  views: number;
  started: number;
  exits: number;
  startupFailures: number;
  playbackFailures: number;
  stalls: number;
  stallMs: number;
  watchMs: number;
  hist: number[];
}

const empty = (): Sums => ({ views: 0, started: 0, exits: 0, startupFailures: 0, playbackFailures: 0, stalls: 0, stallMs: 0, watchMs: 0, hist: STARTUP_BUCKETS.map(() => 0) });

function added(all: readonly Sums[]): Sums {
  const s = empty();
  for (const r of all) {
    for (const k of ['views', 'started', 'exits', 'startupFailures', 'playbackFailures', 'stalls', 'stallMs', 'watchMs'] as const) s[k] += r[k];
    r.hist.forEach((n, i) => (s.hist[i]! += n));
  }
  return s;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const percentOf = (part: number, views: number) => (views === 0 ? null : round4((100 * part) / views));

function figures(s: Sums): PlaybackFigures {
  return {
    views: s.views,
    started: s.started,
    startupTimes: s.hist.reduce((a, b) => a + b, 0),
    startupP50Ms: startupQuantile(s.hist, 0.5),
    startupP95Ms: startupQuantile(s.hist, 0.95),
    rebufferCount: s.stalls,
    stallMs: s.stallMs,
    watchSeconds: round4(s.watchMs / 1000),
    rebufferPercent: s.watchMs === 0 ? null : round4((100 * s.stallMs) / s.watchMs),
    exitsBeforeStart: s.exits,
    exitsBeforeStartPercent: percentOf(s.exits, s.views),
    startupFailures: s.startupFailures,
    startupFailurePercent: percentOf(s.startupFailures, s.views),
    playbackFailures: s.playbackFailures,
    playbackFailurePercent: percentOf(s.playbackFailures, s.views),
  };
}

interface PlayEvents {
  request?: ScenarioEvent;
  frame?: ScenarioEvent;
  fatal?: ScenarioEvent;
  fatals: ScenarioEvent[];
}

const before = (a: ScenarioEvent, b: ScenarioEvent) => a.at < b.at || (a.at === b.at && a.id < b.id);
const earlier = (a: ScenarioEvent | undefined, b: ScenarioEvent): ScenarioEvent => (a === undefined || before(b, a) ? b : a);

function playsOf(events: readonly ScenarioEvent[]): Map<string, PlayEvents> {
  const plays = new Map<string, PlayEvents>();
  for (const e of events) {
    if (e.type !== 'video_request' && e.type !== 'video_play' && e.type !== 'video_error') continue;
    let p = plays.get(e.playId);
    if (!p) plays.set(e.playId, (p = { fatals: [] }));
    if (e.type === 'video_request') p.request = earlier(p.request, e);
    else if (e.type === 'video_play') p.frame = earlier(p.frame, e);
    else if (e.fatal) {
      p.fatal = earlier(p.fatal, e);
      p.fatals.push(e);
    }
  }
  return plays;
}

export function expectedPlayback(events: readonly ScenarioEvent[], day: (at: number) => string, from: string, to: string, includeBots: boolean, limit = 1000): PlaybackAnswer {
  const rows = new Map<string, Sums>();
  const inRange = (e: ScenarioEvent) => (includeBots || !e.bot) && day(e.at) >= from && day(e.at) <= to;
  const rowOf = (e: { videoId: string; slotId: string }) => {
    const key = `${e.videoId}|${e.slotId}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = empty()));
    return row;
  };
  for (const p of playsOf(events).values()) {
    const counted = p.request ?? (p.frame?.type === 'video_play' && p.frame.startupMs === undefined ? p.frame : undefined);
    if (counted !== undefined && inRange(counted) && (counted.type === 'video_request' || counted.type === 'video_play')) {
      const row = rowOf(counted);
      row.views += 1;
      if (p.frame) row.started += 1;
      if (p.request && p.frame?.type === 'video_play' && p.frame.startupMs !== undefined) row.hist[startupBucket(p.frame.startupMs)]! += 1;
      if (p.fatal && (!p.frame || p.fatal.at < p.frame.at)) row.startupFailures += 1;
      if (!p.frame && !p.fatal) row.exits += 1;
    }
    // Playback failures: the first fatal error after the first frame on each local day.
    const frame = p.frame;
    if (frame === undefined) continue;
    const firstOfDay = new Map<string, ScenarioEvent>();
    for (const e of p.fatals) if (e.at > frame.at) firstOfDay.set(day(e.at), earlier(firstOfDay.get(day(e.at)), e));
    for (const e of firstOfDay.values()) if (inRange(e) && e.type === 'video_error') rowOf(e).playbackFailures += 1;
  }
  for (const e of events) {
    if (!inRange(e)) continue;
    if (e.type === 'video_stall') {
      const row = rowOf(e);
      row.stalls += 1;
      row.stallMs += e.durationMs;
    } else if (e.type === 'video_time') {
      rowOf(e).watchMs += Math.round(e.seconds * 1000);
    }
  }
  // By views, then the keys in code-point order.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows.entries()]
    .map(([key, sums]) => ({ videoId: key.split('|')[0]!, slotId: key.split('|').slice(1).join('|'), sums }))
    .sort((a, b) => b.sums.views - a.sums.views || cmp(a.videoId, b.videoId) || cmp(a.slotId, b.slotId));
  const rest = sorted.slice(limit).map((r) => r.sums);
  return {
    rows: sorted.slice(0, limit).map((r) => ({ videoId: r.videoId, slotId: r.slotId, ...figures(r.sums) })),
    other: rest.length === 0 ? null : figures(added(rest)),
    total: figures(added(sorted.map((r) => r.sums))),
  };
}
