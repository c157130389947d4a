import type { RedisClient } from '../../../shared/queue/redisClient.js';
import type pg from 'pg';
import { MINUTE_MS, minuteKeys, minuteOf, OTHER_MEMBER, projectTag, SHORT_WINDOW_MINUTES, WINDOW_MINUTES } from '../../../shared/realtime/keys.js';
import { READ_SCRIPT } from './readScript.js';
import { REALTIME_TOP_LIMIT, type RealtimeResponse } from './schemas.js';

/** Rows a top list may bring back when many tie at its cut: enough to order them by name. */
const TOP_READ_MOST = 1000;
const COMMAND = 'cuepointRealtimeRead';

type Raw = [number[], number[], string[], number, string[], number];
type ReadCommand = Record<typeof COMMAND, (numKeys: number, keys: string[], args: number[]) => Promise<Raw>>;

export interface RealtimeReaderOptions {
  /** `QUEUE_PREFIX`. */
  prefix: string;
  /** Tests pin the clock. */
  now?: () => number;
}

/** The realtime answer of one project: one script call to Redis, and the catalog's titles of its top videos. */
export class RealtimeReader {
  private defined = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly pool: pg.Pool,
    private readonly options: RealtimeReaderOptions,
  ) {}

  async read(projectId: string): Promise<RealtimeResponse> {
    const now = (this.options.now ?? Date.now)();
    const current = minuteOf(now);
    const minutes = Array.from({ length: WINDOW_MINUTES }, (_, i) => current - WINDOW_MINUTES + 1 + i);
    const tag = projectTag(this.options.prefix, projectId);
    const keys = [...minutes.flatMap((m) => minuteKeys(this.options.prefix, projectId, m)), `${tag}:scratch:s`, `${tag}:scratch:z`];
    if (!this.defined) {
      // On first use, not in the constructor: an app built only to list its routes has no Redis.
      this.redis.defineCommand(COMMAND, { lua: READ_SCRIPT });
      this.defined = true;
    }
    const [active, perMinute, pageRows, pageCount, videoRows, videoCount] = await (this.redis as unknown as ReadCommand)[COMMAND](keys.length, keys, [
      SHORT_WINDOW_MINUTES,
      // One more than listed: `(other)` may hold one of the top places.
      REALTIME_TOP_LIMIT + 1,
      TOP_READ_MOST,
    ]);

    const series = minutes.map((m, i) => ({
      minute: new Date(m * MINUTE_MS).toISOString(),
      pageviews: perMinute[i * 4] ?? 0,
      opens: perMinute[i * 4 + 1] ?? 0,
      plays: perMinute[i * 4 + 2] ?? 0,
    }));
    const capped = minutes.some((_, i) => perMinute[i * 4 + 3] === 1);
    const totals = {
      pageviews: sum(series.map((s) => s.pageviews)),
      opens: sum(series.map((s) => s.opens)),
      plays: sum(series.map((s) => s.plays)),
    };
    const pages = topList(pageRows, pageCount, totals.pageviews);
    const videos = topList(videoRows, videoCount, totals.plays);
    const titles = await this.titles(projectId, videos.rows.map((r) => r.name));
    return {
      now: new Date(now).toISOString(),
      windowMinutes: WINDOW_MINUTES,
      capped,
      active: {
        last5Minutes: { visitors: active[0] ?? 0, sessions: active[2] ?? 0 },
        last30Minutes: { visitors: active[1] ?? 0, sessions: active[3] ?? 0 },
      },
      minutes: series,
      totals,
      top: {
        from: new Date((minutes[0] ?? current) * MINUTE_MS).toISOString(),
        to: new Date((current + 1) * MINUTE_MS).toISOString(),
        minutes: WINDOW_MINUTES,
        pages: pages.rows.map((r) => ({ url: r.name, pageviews: r.count })),
        pagesOther: pages.other && { pages: pages.other.names, pageviews: pages.other.count },
        videos: videos.rows.map((r) => ({ videoId: r.name, title: titles.get(r.name) ?? null, plays: r.count })),
        videosOther: videos.other && { videos: videos.other.names, plays: videos.other.count },
      },
    };
  }

  private async titles(projectId: string, videoIds: string[]): Promise<Map<string, string>> {
    if (videoIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ video_id: string; title: string }>(`select video_id, title from videos where project_id = $1 and video_id = any($2::text[])`, [
      projectId,
      videoIds,
    ]);
    return new Map(rows.map((r) => [r.video_id, r.title]));
  }
}

interface TopList {
  rows: { name: string; count: number }[];
  /** What is past the list: how many names (`(other)` counts as one) and their count. */
  other: { names: number; count: number } | null;
}

/**
 * The first REALTIME_TOP_LIMIT names by count, then name. Names folded into `(other)` by a full
 * minute are never listed as if they were one page; they belong to the rest.
 */
export function topList(flat: string[], distinct: number, total: number): TopList {
  const all: { name: string; count: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) all.push({ name: flat[i] ?? '', count: Number(flat[i + 1]) });
  const named = all.filter((r) => r.name !== OTHER_MEMBER).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = named.slice(0, REALTIME_TOP_LIMIT);
  const rest = total - sum(rows.map((r) => r.count));
  const names = distinct - rows.length;
  return { rows, other: names > 0 && rest > 0 ? { names, count: rest } : null };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
