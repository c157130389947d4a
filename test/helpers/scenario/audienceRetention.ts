import type { ExpectedStats } from './expected.js';

/**
 * The audience-retention answer of one video, computed from the posted events as the
 * definitions read: the plays that started in the range (earliest video_play), and for every
 * media second s the plays with a played range [from, to) holding s + 0.5 (each play once) and
 * the ranges holding it (rewatches too), whatever day the range was sent on, through the
 * reported duration's last second. Shares no code
 * with the rollup or the stats API: seconds are tested one by one.
 */
export interface ExpectedRetention {
  plays: number;
  watched: number[];
  views: number[];
  dropOff: { second: number; share: number } | null;
}

export function expectedAudienceRetention(x: ExpectedStats, videoId: string, from: string, to: string, includeBots: boolean): ExpectedRetention {
  const plays = new Set(x.plays(includeBots).filter((p) => p.videoId === videoId && p.day >= from && p.day <= to).map((p) => p.playId));
  const rangesOf = new Map<string, [number, number][]>();
  for (const e of x.events) {
    if (e.type !== 'video_time' || e.from === undefined || e.to === undefined || !plays.has(e.playId)) continue;
    let list = rangesOf.get(e.playId);
    if (!list) rangesOf.set(e.playId, (list = []));
    list.push([e.from, e.to]);
  }
  const watched: number[] = [];
  const views: number[] = [];
  for (const ranges of rangesOf.values()) {
    const last = Math.max(...ranges.map(([, b]) => b));
    for (let s = 0; s + 0.5 < last; s++) {
      const holding = ranges.filter(([a, b]) => a <= s + 0.5 && s + 0.5 < b).length;
      if (holding === 0) continue;
      for (let i = watched.length; i <= s; i++) {
        watched.push(0);
        views.push(0);
      }
      watched[s]! += 1;
      views[s]! += holding;
    }
  }
  // The points run through the media's last second too: that of the duration the range's first
  // frames reported most often (to a tenth of a second; ties to the longer), the catalog having none.
  const duration = commonestDuration(x, videoId, from, to, includeBots);
  for (let s = watched.length; duration !== undefined && s < Math.ceil(duration); s++) {
    watched.push(0);
    views.push(0);
  }
  let dropOff: ExpectedRetention['dropOff'] = null;
  for (let s = 0; s < watched.length && plays.size > 0; s++) {
    if (watched[s]! / plays.size <= 0.5) {
      dropOff = { second: s, share: watched[s]! / plays.size };
      break;
    }
  }
  return { plays: plays.size, watched, views, dropOff };
}

function commonestDuration(x: ExpectedStats, videoId: string, from: string, to: string, includeBots: boolean): number | undefined {
  const counts = new Map<number, number>();
  for (const e of x.events) {
    if (e.type !== 'video_play' || e.videoId !== videoId || e.duration === undefined || (e.bot && !includeBots)) continue;
    const day = x.day(e.at);
    if (day < from || day > to) continue;
    const tenths = Math.round(e.duration * 10) / 10;
    counts.set(tenths, (counts.get(tenths) ?? 0) + 1);
  }
  let best: [number, number] | undefined;
  for (const [seconds, n] of counts) if (!best || n > best[1] || (n === best[1] && seconds > best[0])) best = [seconds, n];
  return best?.[0];
}
