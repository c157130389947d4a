import type pg from 'pg';
import { unionCardinality } from '../../../shared/sets/bitmap.js';
import { SET_KIND } from '../../../shared/sets/kinds.js';
import { medianBucket } from '../../../shared/rollup/timeBuckets.js';
import type { StatsScope } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';
import type { SitePageFigures, SitePagesOther } from '../siteSchemas.js';

/**
 * The site's pages by views (then url): sums from daily_page, distinct visitors, sessions and
 * openers from the page sets, the median time on page from the per-day histograms summed over
 * the range. The first `limit` pages are listed; the rest fold into `other`, whose distinct
 * figures are unions and whose median comes from their summed histograms. Runs inside the
 * caller's snapshot.
 */

interface SumRow {
  page_key: string;
  views: string;
  opens: string;
  entries: string;
  exits: string;
  timed_views: string;
  time_on_page_ms: string;
  interactions: string;
}

type Sums = Omit<SumRow, 'page_key'>;

export interface SitePages {
  pages: SitePageFigures[];
  other: SitePagesOther | undefined;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export async function querySitePages(client: pg.PoolClient, scope: StatsScope, limit: number): Promise<SitePages> {
  const params = rangeParams(scope);
  const { rows } = await client.query<SumRow>(
    `select page_key, sum(views)::text as views, sum(opens)::text as opens, sum(entries)::text as entries, sum(exits)::text as exits,
        sum(timed_views)::text as timed_views, sum(time_on_page_ms)::text as time_on_page_ms, sum(interactions)::text as interactions
       from daily_page where ${RANGE}
      group by page_key
      order by sum(views) desc, page_key collate "C"`,
    params,
  );
  const listed = rows.slice(0, limit);
  const rest = rows.slice(limit);
  const listedKeys = listed.map((r) => r.page_key);
  const times = await client.query<{ page_key: string | null; bucket: number; views: string }>(
    `select case when page_key = any($5::text[]) then page_key end as page_key, bucket, sum(views)::text as views
       from daily_page_times where ${RANGE}
      group by 1, bucket`,
    [...params, listedKeys],
  );
  const histograms = new Map<string | null, { bucket: number; views: number }[]>();
  for (const t of times.rows) {
    const list = histograms.get(t.page_key) ?? [];
    list.push({ bucket: t.bucket, views: num(t.views) });
    histograms.set(t.page_key, list);
  }
  const sets = new MemberSets(client, scope);
  const viewers = await sets.rangeSets(SET_KIND.pageViewer, null);
  const sessions = await sets.rangeSets(SET_KIND.pageSession, null);
  const openers = await sets.rangeSets(SET_KIND.pageVisitor, null);
  const union = (of: Map<string, Buffer[]>, keys: readonly string[]) => unionCardinality(keys.flatMap((k) => of.get(k) ?? []));

  const figures = (sums: Sums, keys: readonly string[], histogram: readonly { bucket: number; views: number }[]): SitePagesOther => {
    const views = num(sums.views);
    const opens = num(sums.opens);
    const exits = num(sums.exits);
    return {
      views,
      visitors: union(viewers, keys),
      sessions: union(sessions, keys),
      entries: num(sums.entries),
      exits,
      exitRate: ratio(exits, views),
      avgTimeOnPageSeconds: ratio(num(sums.time_on_page_ms) / 1000, num(sums.timed_views)),
      medianTimeOnPageSeconds: medianBucket(histogram),
      opens,
      openRate: ratio(opens, views),
      openers: union(openers, keys),
      interactions: num(sums.interactions),
    };
  };

  const pages = listed.map((r): SitePageFigures => ({ url: r.page_key, ...figures(r, [r.page_key], histograms.get(r.page_key) ?? []) }));
  if (rest.length === 0) return { pages, other: undefined };
  const total = (key: keyof Sums) => String(rest.reduce((sum, r) => sum + num(r[key]), 0));
  const restSums: Sums = {
    views: total('views'),
    opens: total('opens'),
    entries: total('entries'),
    exits: total('exits'),
    timed_views: total('timed_views'),
    time_on_page_ms: total('time_on_page_ms'),
    interactions: total('interactions'),
  };
  return { pages, other: figures(restSums, rest.map((r) => r.page_key), histograms.get(null) ?? []) };
}
