import { z } from 'zod';
import { FunnelStep, FUNNEL_MODES, FUNNEL_UNITS, type StoredFunnel } from '../../../shared/funnels/definition.js';
import { FUNNEL_BY, funnelReportSql, type FunnelBy, type FunnelReportParams } from '../../../shared/funnels/reportSql.js';
import { stepRows } from '../../../shared/funnels/stepRows.js';
import { HttpError } from '../../http/errors.js';
import { parseQuery, RangeQuery, type Resolved } from '../params.js';
import type { Queryable, StatsQueries } from '../queries.js';
import { localDay } from '../../../shared/timezone.js';

/** Groups of a split answer, the most units at the first step first; the rest are counted in `groupsLeftOut`. */
export const MAX_FUNNEL_GROUPS = 100;

const By = z
  .enum(Object.keys(FUNNEL_BY) as [FunnelBy, ...FunnelBy[]], { error: 'must be source, device or country' })
  .optional()
  .meta({ description: 'Split by the source, device or country of the session of each unit\'s first step.' });

export const FunnelQuery = RangeQuery.extend({ by: By });
export type FunnelParams = Resolved<z.output<typeof FunnelQuery>>;

export function parseFunnelQuery(query: unknown, timezone: string, now = Date.now()): FunnelParams {
  return parseQuery(FunnelQuery, query, localDay(now, timezone));
}

const StepFigures = z.object({
  step: z.number().int().meta({ description: '1-based position of the step.' }),
  definition: FunnelStep,
  count: z.number().int().meta({ description: 'Units (sessions or visitors) that reached the step.' }),
  conversionFromPrevious: z.number().nullable().meta({ description: 'count / the previous step\'s count; null on the first step or when the previous count is 0.' }),
  conversionFromStart: z.number().nullable().meta({ description: 'count / the first step\'s count; null when that is 0.' }),
  dropOff: z.number().int().nullable().meta({ description: 'Units that reached the previous step but not this one; null on the first step.' }),
  medianSecondsFromPrevious: z.number().nullable().meta({
    description: 'Ordered funnels: median seconds between the previous step and this one over the units that reached it; null otherwise.',
  }),
});
type StepFigures = z.output<typeof StepFigures>;

const FunnelGroup = z.object({
  value: z.string().nullable().meta({ description: 'The source, device or country; null when the session did not say.' }),
  steps: z.array(StepFigures),
});

export const FunnelResponse = z.object({
  funnel: z.object({ id: z.uuid(), name: z.string(), unit: z.enum(FUNNEL_UNITS), mode: z.enum(FUNNEL_MODES), windowDays: z.number().int() }),
  from: z.iso.date(),
  to: z.iso.date(),
  includeBots: z.boolean(),
  by: z.enum(Object.keys(FUNNEL_BY) as [FunnelBy, ...FunnelBy[]]).nullable(),
  steps: z.array(StepFigures).nullable().meta({ description: 'Without `by`: every unit of the range; null with `by`.' }),
  groups: z.array(FunnelGroup).nullable().meta({ description: `With \`by\`: up to ${MAX_FUNNEL_GROUPS} groups; null without \`by\`.` }),
  groupsLeftOut: z.number().int().meta({ description: 'Groups past the limit, not listed.' }),
});
export type FunnelResponse = z.output<typeof FunnelResponse>;

interface Row {
  grp: string | null;
  step: number;
  reached: number;
  median_seconds: number | null;
}

const KEPT_FROM_SQL = `/* funnel_kept_from */ select (raw_kept_from at time zone timezone)::date::text as first_day,
    raw_kept_from > ($2::date)::timestamp at time zone timezone as cut
  from projects where id = $1`;

/** Raw events before the project's retention horizon are gone, so a funnel over them would undercount. */
async function checkRetention(db: Queryable, projectId: string, from: string): Promise<void> {
  const row = (await db.query<{ first_day: string | null; cut: boolean | null }>(KEPT_FROM_SQL, [projectId, from])).rows[0];
  if (row?.cut === true) {
    throw new HttpError(400, 'invalid_parameter', `from must not be before ${row.first_day ?? ''}: raw events before it are no longer kept`, { field: 'from' });
  }
}

function ratio(n: number, d: number | undefined): number | null {
  return d === undefined || d === 0 ? null : n / d;
}

function figures(steps: readonly FunnelStep[], rows: readonly Row[], ordered: boolean): StepFigures[] {
  const counts = steps.map((_, i) => rows.find((r) => r.step === i + 1)?.reached ?? 0);
  return steps.map((definition, i) => {
    const count = counts[i] ?? 0;
    const previous = i === 0 ? undefined : counts[i - 1];
    const median = rows.find((r) => r.step === i + 1)?.median_seconds ?? null;
    return {
      step: i + 1,
      definition,
      count,
      conversionFromPrevious: ratio(count, previous),
      conversionFromStart: ratio(count, counts[0]),
      dropOff: previous === undefined ? null : previous - count,
      medianSecondsFromPrevious: ordered && i > 0 ? median : null,
    };
  });
}

/** One statement, which a read-only transaction (and so a hot standby) runs as it is. */
async function funnelRows(db: Queryable, project: { id: string; timezone: string }, funnel: StoredFunnel, params: FunnelParams): Promise<Row[]> {
  const sqlParams: FunnelReportParams = [
    project.id,
    params.from,
    params.to,
    project.timezone,
    params.includeBots,
    JSON.stringify(stepRows(funnel.steps)),
    funnel.unit === 'visitor' ? funnel.windowDays : null,
  ];
  return (await db.query<Row>(funnelReportSql(funnel.unit, funnel.steps.length, funnel.mode, params.by), sqlParams)).rows;
}

/**
 * One funnel over a range, computed from the raw events (exact, never sampled), per step and,
 * with `by`, per group. Read in one read-only snapshot of `source` (the standby's when there is
 * one), so the retention horizon checked is that of the events counted.
 */
export async function funnelReport(source: StatsQueries, project: { id: string; timezone: string }, funnel: StoredFunnel, params: FunnelParams): Promise<FunnelResponse> {
  const rows = await source.snapshot(async (client) => {
    await checkRetention(client, project.id, params.from);
    return funnelRows(client, project, funnel, params);
  });
  const ordered = funnel.mode === 'ordered';
  const head = { id: funnel.id, name: funnel.name, unit: funnel.unit, mode: funnel.mode, windowDays: funnel.windowDays };
  const base = { funnel: head, from: params.from, to: params.to, includeBots: params.includeBots, by: params.by ?? null };
  if (params.by === undefined) return { ...base, steps: figures(funnel.steps, rows, ordered), groups: null, groupsLeftOut: 0 };

  const byGroup = new Map<string | null, Row[]>();
  for (const row of rows) byGroup.set(row.grp, [...(byGroup.get(row.grp) ?? []), row]);
  const groups = [...byGroup.entries()]
    .map(([value, groupRows]) => ({ value, steps: figures(funnel.steps, groupRows, ordered) }))
    .sort((a, b) => (b.steps[0]?.count ?? 0) - (a.steps[0]?.count ?? 0) || String(a.value).localeCompare(String(b.value)));
  return { ...base, steps: null, groups: groups.slice(0, MAX_FUNNEL_GROUPS), groupsLeftOut: Math.max(0, groups.length - MAX_FUNNEL_GROUPS) };
}
