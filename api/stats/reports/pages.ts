import type pg from 'pg';
import { unionCardinality } from '../../../shared/sets/bitmap.js';
import { SET_KIND } from '../../../shared/sets/kinds.js';
import type { PageRow, PagesFigures, StatsScope } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';

/**
 * Pages where the widget was opened, by opens (then url): the first `limit` with their own
 * distinct visitors, the rest folded into one bucket whose visitors are distinct over the
 * union of its pages' members. Runs inside the caller's snapshot.
 */
export async function queryPages(client: pg.PoolClient, scope: StatsScope, limit: number): Promise<PagesFigures> {
  const { rows } = await client.query<{ page_key: string; opens: string }>(
    `select page_key, sum(opens)::text as opens
       from daily_page where ${RANGE}
      group by page_key
     having sum(opens) > 0
      order by sum(opens) desc, page_key collate "C"`,
    rangeParams(scope),
  );
  const setsOf = await new MemberSets(client, scope).rangeSets(SET_KIND.pageVisitor, null);
  const pages: PageRow[] = rows.slice(0, limit).map((r) => ({
    url: r.page_key,
    opens: num(r.opens),
    visitors: unionCardinality(setsOf.get(r.page_key) ?? []),
  }));
  const rest = rows.slice(limit);
  const other =
    rest.length === 0
      ? undefined
      : {
          opens: rest.reduce((sum, r) => sum + num(r.opens), 0),
          visitors: unionCardinality(rest.flatMap((r) => setsOf.get(r.page_key) ?? [])),
        };
  return { pages, other };
}
