import { z } from 'zod';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { HttpError } from '../http/errors.js';
import { dayCount } from './days.js';

/** The longest range a stats request may cover, both ends included. */
export const MAX_RANGE_DAYS = 400;
export const PAGES_DEFAULT_LIMIT = 100;
export const PAGES_MAX_LIMIT = 1000;
/** PostgreSQL has no year 0 and nobody has analytics from before this. */
const EARLIEST_DAY = '1900-01-01';

/** A calendar day in the project's time zone; impossible dates (2025-02-30) fail the format. */
const Day = z
  .iso.date({ error: 'must be a date as YYYY-MM-DD' })
  .refine((d) => d >= EARLIEST_DAY, `must not be before ${EARLIEST_DAY}`)
  .meta({ description: 'A calendar day (YYYY-MM-DD) in the project time zone; the range includes both ends.' });

const IncludeBots = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true')
  .meta({ description: 'Count traffic flagged as bots as well (bot and non-bot members are then counted once).' });

/** A query string carries text, so the documented schema is the digits; the range is checked after. */
const Limit = z
  .string()
  .regex(/^[0-9]{1,9}$/, `must be an integer from 1 to ${PAGES_MAX_LIMIT}`)
  .default(String(PAGES_DEFAULT_LIMIT))
  .transform(Number)
  .pipe(z.number().int().min(1, `must be an integer from 1 to ${PAGES_MAX_LIMIT}`).max(PAGES_MAX_LIMIT, `must be at most ${PAGES_MAX_LIMIT}`))
  .meta({ description: `Pages listed before the rest is folded into \`other\`: an integer from 1 to ${PAGES_MAX_LIMIT} (default ${PAGES_DEFAULT_LIMIT}).` });

/** Query of every stats endpoint. Unknown parameters are refused, so a typo never goes unnoticed. */
export const RangeQuery = z.strictObject({ from: Day, to: Day, includeBots: IncludeBots });
/** Query of `/v1/stats/pages`. */
export const PagesQuery = RangeQuery.extend({ limit: Limit });

export type RangeParams = z.output<typeof RangeQuery>;
export type PagesParams = z.output<typeof PagesQuery>;

/** Validates the query of overview, videos and transitions; a problem is a 400 naming the parameter. */
export function parseRangeQuery(query: unknown): RangeParams {
  return parseQuery(RangeQuery, query);
}

/** Validates the query of pages; a problem is a 400 naming the parameter. */
export function parsePagesQuery(query: unknown): PagesParams {
  return parseQuery(PagesQuery, query);
}

/** Validates a parsed query string against a schema, then the range itself. */
function parseQuery<P extends RangeParams>(schema: z.ZodType<P>, query: unknown): P {
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
  const params = parsed.data;
  if (params.to < params.from) throw invalid('to', `to (${params.to}) must not be before from (${params.from})`);
  const days = dayCount(params.from, params.to);
  if (days > MAX_RANGE_DAYS) {
    throw invalid('to', `the range from ${params.from} to ${params.to} covers ${days} days; at most ${MAX_RANGE_DAYS} are allowed`);
  }
  return params;
}

function invalid(field: string, message: string): HttpError {
  return new HttpError(400, 'invalid_parameter', message, { field });
}
