import type pg from 'pg';
import { figuresOf, zeroDistincts, zeroSums } from '../../../shared/metrics/levels.js';
import { daysBetween } from '../days.js';
import type { DayFigures, StatsScope } from '../figures.js';
import { num, sumSelectList, sumsFromRow } from '../metrics.js';
import { overviewIn } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import type { SiteFigures } from '../siteSchemas.js';
import { REFERRER_SOURCES } from '../../../shared/sessions/columns.js';

/**
 * The site answer's figures (docs/architecture.md, "Site figures"), inside the caller's
 * snapshot. Totals and days come from the daily rows and the member sets (as the overview);
 * sessions per source class and the hourly series from hourly_project, whose rows are keyed by
 * the start of the local hour as an instant, so a repeated DST hour stays two hours.
 */

type Sources = SiteFigures['sources'];

const SOURCE_SUMS = REFERRER_SOURCES.map((c) => `sum(sessions_${c})::text as ${c}`).join(', ');

function sourcesOf(row: Readonly<Record<string, string | null>> | undefined): Sources {
  return Object.fromEntries(REFERRER_SOURCES.map((c) => [c, num(row?.[c])])) as Sources;
}

function fromDay(day: DayFigures, sources: Sources): SiteFigures {
  const f = figuresOf('project', day.sums, day.distincts);
  return {
    visitors: f.visitors,
    sessions: f.sessions,
    pageviews: f.pageviews,
    bounces: f.bounces,
    bounceRate: f.bounceRate,
    avgSessionSeconds: f.avgSessionSeconds,
    pagesPerSession: f.pagesPerSession,
    newSessions: f.newSessions,
    returningSessions: f.returningSessions,
    openers: f.openers,
    interactions: f.interactions,
    sources,
  };
}

export interface SiteDays {
  totals: SiteFigures;
  series: (SiteFigures & { date: string })[];
}

/** Totals and one entry per local day of the range, zero-filled. */
export async function querySiteDays(client: pg.PoolClient, scope: StatsScope, currency: string): Promise<SiteDays> {
  const overview = await overviewIn(client, scope, currency);
  const { rows } = await client.query<Record<string, string | null> & { day: string | null }>(
    `select day::text as day, ${SOURCE_SUMS} from hourly_project where ${RANGE} group by grouping sets ((day), ())`,
    rangeParams(scope),
  );
  const sources = new Map(rows.map((r) => [r.day, sourcesOf(r)]));
  const zero: DayFigures = { sums: zeroSums('project'), distincts: zeroDistincts('project'), otherCurrencies: {} };
  return {
    totals: fromDay(overview.totals, sources.get(null) ?? sourcesOf(undefined)),
    series: daysBetween(scope.from, scope.to).map((date) => ({
      date,
      ...fromDay(overview.days.get(date) ?? zero, sources.get(date) ?? sourcesOf(undefined)),
    })),
  };
}

interface HourRow extends Record<string, string | null> {
  local: string;
  offset_seconds: string;
}

/** `+05:30`, `-05:00`, `+00:00` from an offset in seconds east of UTC. */
export function offsetText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(seconds) / 60);
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * One entry per local hour of the range, zero-filled: the hours are the distinct local-hour
 * starts of the range's instants (a 23- or 25-hour day has 23 or 25), each read with its own
 * offset. An hourly row holds every project-level additive column plus the hour's distinct
 * visitors and openers, so its figures (ratios included) come from the registry as a day's
 * do. $5 the project's zone.
 */
export async function querySiteHours(client: pg.PoolClient, scope: StatsScope, timezone: string): Promise<(SiteFigures & { hour: string })[]> {
  const { rows } = await client.query<HourRow>(
    `with bounds as (
       select ($2::date)::timestamp at time zone $5::text as lo, ($3::date + 1)::timestamp at time zone $5::text as hi
     ),
     hours as (
       select distinct date_trunc('hour', g, $5::text) as hour
       from bounds b, generate_series(b.lo, b.hi - interval '1 microsecond', interval '15 minutes') g
     ),
     sums as (
       select hour, ${sumSelectList('project')}, sum(visitors)::text as visitors, sum(openers)::text as openers, ${SOURCE_SUMS}
       from hourly_project where ${RANGE}
       group by hour
     )
     select to_char(h.hour at time zone $5::text, 'YYYY-MM-DD"T"HH24:MI:SS') as local,
       extract(epoch from (h.hour at time zone $5::text) - (h.hour at time zone 'UTC'))::int::text as offset_seconds, s.*
     from hours h left join sums s on s.hour = h.hour
     order by h.hour`,
    [...rangeParams(scope), timezone],
  );
  return rows.map((r) => {
    const distincts = { ...zeroDistincts('project'), visitors: num(r.visitors), openers: num(r.openers) };
    const hour: DayFigures = { sums: sumsFromRow('project', r, {}), distincts, otherCurrencies: {} };
    return { hour: `${r.local}${offsetText(Number(r.offset_seconds))}`, ...fromDay(hour, sourcesOf(r)) };
  });
}
