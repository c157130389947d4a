import { z } from 'zod';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { HttpError } from '../http/errors.js';
import { localDay } from '../../shared/timezone.js';
import { dayCount, dayNumber, dayString } from './days.js';

/** The longest range a stats request may cover, both ends included. */
export const MAX_RANGE_DAYS = 400;
export const LIST_DEFAULT_LIMIT = 100;
export const LIST_MAX_LIMIT = 1000;
/** Days in the range when `from` is omitted: a week, ending with `to`. */
export const DEFAULT_RANGE_DAYS = 7;
/** PostgreSQL has no year 0 and nobody has analytics from before this. */
const EARLIEST_DAY = '1900-01-01';

/** A calendar day in the project's time zone; impossible dates (2025-02-30) fail the format. */
const Day = z
  .iso.date({ error: 'must be a date as YYYY-MM-DD' })
  .refine((d) => d >= EARLIEST_DAY, `must not be before ${EARLIEST_DAY}`);

const From = Day.optional().meta({
  description:
    `First calendar day (YYYY-MM-DD) in the project time zone, included. Default: ${DEFAULT_RANGE_DAYS - 1} days before \`to\`, ` +
    `so that a request without a range covers the last ${DEFAULT_RANGE_DAYS} local days.`,
});
const To = Day.optional().meta({
  description: 'Last calendar day (YYYY-MM-DD) in the project time zone, included. Default: today in the project time zone.',
});

/** Query strings say yes and no in more than one way; each spelling a client may send is accepted. */
const IncludeBots = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
  .default('false')
  .transform((v) => v === 'true' || v === '1')
  .meta({ description: 'Count traffic flagged as bots as well: `true`/`1` or `false`/`0` (default). Bot and non-bot members are then counted once.' });

/** A query string carries text, so the documented schema is the digits; the range is checked after. */
const Limit = z
  .string()
  .regex(/^[0-9]{1,9}$/, `must be an integer from 1 to ${LIST_MAX_LIMIT}`)
  .default(String(LIST_DEFAULT_LIMIT))
  .transform(Number)
  .pipe(z.number().int().min(1, `must be an integer from 1 to ${LIST_MAX_LIMIT}`).max(LIST_MAX_LIMIT, `must be at most ${LIST_MAX_LIMIT}`))
  .meta({ description: `Rows listed before the rest is folded into \`other\`: an integer from 1 to ${LIST_MAX_LIMIT} (default ${LIST_DEFAULT_LIMIT}).` });

/** Query of every stats endpoint. Unknown parameters are refused, so a typo never goes unnoticed. */
export const RangeQuery = z.strictObject({ from: From, to: To, includeBots: IncludeBots });
/** Query of the lists (videos, pages, transitions, goals): the range and a limit. */
export const ListQuery = RangeQuery.extend({ limit: Limit });

const Interval = z
  .enum(['day', 'hour'], { error: 'must be day or hour' })
  .default('day')
  .meta({ description: 'Series granularity: one entry per local day (default) or per local hour (a DST day has 23 or 25).' });

/** Query of the site answer: the range and the series' interval. */
export const SiteQuery = RangeQuery.extend({ interval: Interval });

/** A range with its defaults applied: both ends are always known after parsing. */
export type Resolved<Q> = Omit<Q, 'from' | 'to'> & { from: string; to: string };
export type RangeParams = Resolved<z.output<typeof RangeQuery>>;
export type ListParams = Resolved<z.output<typeof ListQuery>>;
export type SiteParams = Resolved<z.output<typeof SiteQuery>>;

/**
 * Validates the query of overview, videos and transitions; a problem is a 400 naming the
 * parameter. A missing end of the range is filled in from today in the project's `timezone`.
 */
export function parseRangeQuery(query: unknown, timezone: string, now = Date.now()): RangeParams {
  return parseQuery(RangeQuery, query, localDay(now, timezone));
}

/** Validates the query of a list, with the same defaults as parseRangeQuery. */
export function parseListQuery(query: unknown, timezone: string, now = Date.now()): ListParams {
  return parseQuery(ListQuery, query, localDay(now, timezone));
}

/** Validates the query of the site answer, with the same defaults as parseRangeQuery. */
export function parseSiteQuery(query: unknown, timezone: string, now = Date.now()): SiteParams {
  return parseQuery(SiteQuery, query, localDay(now, timezone));
}

/** Validates a parsed query string against a schema, fills in the range's defaults, then checks the range. */
export function parseQuery<Q extends { from?: string | undefined; to?: string | undefined }>(
  schema: z.ZodType<Q>,
  query: unknown,
  today: string,
): Resolved<Q> {
  if (query !== null && typeof query === 'object') {
    for (const [name, value] of Object.entries(query)) {
      if (typeof value !== 'string') throw invalid(name, `${name} must be given once, as a plain value`);
    }
  }
  const input = query ?? {};
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = firstInputIssue(parsed.error, input);
    if (!issue) throw invalid('query', 'the query is invalid');
    const name = issue.field || 'query';
    throw invalid(name, `${name} ${issue.unknownField ? 'is not a parameter of this endpoint' : issue.reason}`);
  }
  const to = parsed.data.to ?? today;
  const from = parsed.data.from ?? maxDay(shiftDay(to, -(DEFAULT_RANGE_DAYS - 1)), EARLIEST_DAY);
  const params = { ...parsed.data, from, to };
  if (params.to < params.from) {
    const given = parsed.data.to === undefined ? ', today in the project time zone when omitted,' : '';
    throw invalid('to', `to (${params.to}${given}) must not be before from (${params.from})`);
  }
  const days = dayCount(params.from, params.to);
  if (days > MAX_RANGE_DAYS) {
    throw invalid('to', `the range from ${params.from} to ${params.to} covers ${days} days; at most ${MAX_RANGE_DAYS} are allowed`);
  }
  return params;
}

/** A day moved by whole calendar days; the input is a validated day, so the number exists. */
function shiftDay(day: string, days: number): string {
  return dayString((dayNumber(day) ?? 0) + days);
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function invalid(field: string, message: string): HttpError {
  return new HttpError(400, 'invalid_parameter', message, { field });
}
