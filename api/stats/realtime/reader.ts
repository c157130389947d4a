import type { RedisClient } from '../../../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Logger } from '../../../shared/logger.js';
import { MINUTE_MS, minuteKeys, minuteOf, OTHER_MEMBER, PAUSE_FRESH_MS, PAUSE_MARK_MS, pausedKey, projectTag, SHORT_WINDOW_MINUTES, WINDOW_MINUTES } from '../../../shared/realtime/keys.js';
import { READ_SCRIPT } from './readScript.js';
import { REALTIME_TOP_LIMIT, type RealtimeResponse } from './schemas.js';
import { SharedReads } from './sharedReads.js';

const COMMAND = 'cuepointRealtimeRead';
/**
 * How long one read serves every request for its project. The figures move by the minute and
 * the dashboard polls every 10 s; each read unions up to 30 sets of thousands of members in the
 * Redis the queue lives on, so many viewers of one project must not multiply it.
 */
export const REALTIME_READ_TTL_MS = 2000;
/** Projects whose answer is kept at once: a bound, not a working set (one entry per project). */
const READS_KEPT = 1000;

type Raw = [number[], number[], string[], number, string[], number];
type ReadCommand = Record<typeof COMMAND, (numKeys: number, keys: string[], args: number[]) => Promise<Raw>>;

export interface RealtimeReaderOptions {
  /** `QUEUE_PREFIX`. */
  prefix: string;
  /** Tests pin the clock. */
  now?: () => number;
  /** Told when the catalog cannot be read (the answer then has no titles). */
  log?: Logger;
}

/**
 * The realtime answer of one project: one script call to Redis (and a look at the pause mark),
 * and the catalog's titles of its top videos; shared by the requests of REALTIME_READ_TTL_MS.
 */
export class RealtimeReader {
  private defined = false;
  private readonly now: () => number;
  private readonly reads: SharedReads<RealtimeResponse>;

  constructor(
    private readonly redis: RedisClient,
    private readonly pool: pg.Pool,
    private readonly options: RealtimeReaderOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.reads = new SharedReads({ ttlMs: REALTIME_READ_TTL_MS, maxEntries: READS_KEPT, now: this.now });
  }

  /** The answer of one project; concurrent and close requests share one read. */
  read(projectId: string): Promise<RealtimeResponse> {
    return this.reads.get(projectId.toLowerCase(), () => this.readNow(projectId));
  }

  private async readNow(projectId: string): Promise<RealtimeResponse> {
    const now = this.now();
    const current = minuteOf(now);
    const minutes = Array.from({ length: WINDOW_MINUTES }, (_, i) => current - WINDOW_MINUTES + 1 + i);
    const tag = projectTag(this.options.prefix, projectId);
    const keys = [...minutes.flatMap((m) => minuteKeys(this.options.prefix, projectId, m)), `${tag}:scratch:s`, `${tag}:scratch:z`];
    if (!this.defined) {
      // On first use, not in the constructor: an app built only to list its routes has no Redis.
      this.redis.defineCommand(COMMAND, { lua: READ_SCRIPT });
      this.defined = true;
    }
    // Sent together: one round trip. The mark is not under the project's hash tag.
    const [[active, perMinute, pageRows, pageCount, videoRows, videoCount], pauseLeft] = await Promise.all([
      (this.redis as unknown as ReadCommand)[COMMAND](keys.length, keys, [
        SHORT_WINDOW_MINUTES,
        // One more than listed: `(other)` may hold one of the top places.
        REALTIME_TOP_LIMIT + 1,
      ]),
      this.redis.pttl(pausedKey(this.options.prefix)),
    ]);

    const series = minutes.map((m, i) => ({
      minute: new Date(m * MINUTE_MS).toISOString(),
      pageviews: perMinute[i * 4] ?? 0,
      opens: perMinute[i * 4 + 1] ?? 0,
      plays: perMinute[i * 4 + 2] ?? 0,
    }));
    // The mark lives a window past the worker's last finding Redis too full: while it is younger
    // than PAUSE_FRESH_MS the worker is still paused, and until it lapses the window lacks events.
    const paused = pauseLeft > PAUSE_MARK_MS - PAUSE_FRESH_MS;
    const capped = pauseLeft > 0 || minutes.some((_, i) => perMinute[i * 4 + 3] === 1);
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
      paused,
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

  /** The catalog's titles; none when PostgreSQL cannot answer: the live figures need only Redis. */
  private async titles(projectId: string, videoIds: string[]): Promise<Map<string, string>> {
    if (videoIds.length === 0) return new Map();
    try {
      const { rows } = await this.pool.query<{ video_id: string; title: string }>(`select video_id, title from videos where project_id = $1 and video_id = any($2::text[])`, [
        projectId,
        videoIds,
      ]);
      return new Map(rows.map((r) => [r.video_id, r.title]));
    } catch (err) {
      this.options.log?.warn({ err }, 'video titles of the live figures could not be read');
      return new Map();
    }
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
  // Names compare as Redis orders ties (bytes), so the list agrees with what the script cut.
  const named = all.filter((r) => r.name !== OTHER_MEMBER).sort((a, b) => b.count - a.count || Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const rows = named.slice(0, REALTIME_TOP_LIMIT);
  const rest = total - sum(rows.map((r) => r.count));
  const names = distinct - rows.length;
  return { rows, other: names > 0 && rest > 0 ? { names, count: rest } : null };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
