import type { RequestHandler } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { LIMITS } from '../../shared/events/limits.js';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { resolveAccess, type AccessDeps } from '../auth/access.js';
import { HttpError } from '../http/errors.js';
import { ADMIN_NEED } from '../admin/context.js';

export const SUBMISSIONS_DEFAULT_LIMIT = 50;
export const SUBMISSIONS_MAX_LIMIT = 500;

/** `before`: the `next` of a previous page, the position after its last submission. */
const CURSOR = /^([0-9]{1,17})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const FormIdParam = z.string().min(1, 'must not be empty').max(LIMITS.labelChars, `must be at most ${LIMITS.labelChars} characters`);

export const SubmissionsQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^[0-9]{1,9}$/, `must be an integer from 1 to ${SUBMISSIONS_MAX_LIMIT}`)
    .default(String(SUBMISSIONS_DEFAULT_LIMIT))
    .transform(Number)
    .pipe(z.number().int().min(1, `must be an integer from 1 to ${SUBMISSIONS_MAX_LIMIT}`).max(SUBMISSIONS_MAX_LIMIT, `must be at most ${SUBMISSIONS_MAX_LIMIT}`))
    .meta({ description: `Submissions per page: 1 to ${SUBMISSIONS_MAX_LIMIT} (default ${SUBMISSIONS_DEFAULT_LIMIT}).` }),
  before: z
    .string()
    .regex(CURSOR, 'must be the `next` value of a previous page')
    .optional()
    .meta({ description: 'The `next` value of the previous page: lists the submissions after it (older ones).' }),
});

const StoredField = z.object({
  name: z.string(),
  type: z.string().nullable().meta({ description: 'The input type the page reported, if any.' }),
  length: z.number().int().nullable().meta({ description: 'Characters typed, if the page reported it.' }),
  value: z.string().optional().meta({ description: 'Only for fields on the project\'s form allowlist, and redacted.' }),
});

export const Submission = z.object({
  eventId: z.uuid(),
  submittedAt: z.iso.datetime(),
  visitorId: z.uuid(),
  sessionId: z.uuid(),
  pageUrl: z.string().nullable().meta({ description: 'The page, as stored (scheme, host, path and allowlisted query parameters).' }),
  outcome: z.string(),
  fields: z.array(StoredField),
  secondsToComplete: z.number().nullable().meta({ description: 'Seconds since the session\'s first start of this form; null without one before it.' }),
  isBot: z.boolean(),
});

export const SubmissionsResponse = z.object({
  formId: z.string(),
  submissions: z.array(Submission).meta({ description: 'Newest first.' }),
  next: z.string().nullable().meta({ description: 'Pass as `before` for the next (older) page; null on the last page.' }),
});
export type SubmissionsResponse = z.output<typeof SubmissionsResponse>;

/** Newest first, by (submitted_at, event id), from the position `before` names. $5 micro-seconds since the epoch. */
const LIST_SQL = `select event_id, submitted_at, visitor_id, session_id, page_url, outcome, fields, seconds_to_complete, is_bot,
    ((extract(epoch from submitted_at) * 1000000)::bigint)::text || '_' || event_id::text as cursor
  from form_submissions
  where project_id = $1 and form_id = $2
    and ($4::bigint is null or (submitted_at, event_id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
  order by submitted_at desc, event_id desc
  limit $3`;

interface Row {
  event_id: string;
  submitted_at: Date;
  visitor_id: string;
  session_id: string;
  page_url: string | null;
  outcome: string;
  fields: z.output<typeof StoredField>[];
  seconds_to_complete: number | null;
  is_bot: boolean;
  cursor: string;
}

/**
 * `GET /v1/forms/{formId}/submissions`: the stored submissions of one form (admin key, or a
 * signed-in admin or owner). Values are only those the API kept, and kept redacted.
 */
export function listSubmissions(deps: AccessDeps & { pool: pg.Pool }): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const { project } = await resolveAccess(deps, req, ADMIN_NEED);
    const formId = parse(FormIdParam, req.params.formId, 'formId');
    const query = parse(SubmissionsQuery, req.query, 'query');
    const cursor = query.before === undefined ? null : CURSOR.exec(query.before);
    const { rows } = await deps.pool.query<Row>(LIST_SQL, [project.id, formId, query.limit + 1, cursor?.[1] ?? null, cursor?.[2] ?? null]);
    const page = rows.slice(0, query.limit);
    const body: SubmissionsResponse = {
      formId,
      submissions: page.map((r) => ({
        eventId: r.event_id,
        submittedAt: r.submitted_at.toISOString(),
        visitorId: r.visitor_id,
        sessionId: r.session_id,
        pageUrl: r.page_url,
        outcome: r.outcome,
        fields: r.fields,
        secondsToComplete: r.seconds_to_complete,
        isBot: r.is_bot,
      })),
      next: rows.length > query.limit ? (page[page.length - 1]?.cursor ?? null) : null,
    };
    res.json(body);
  };
}

function parse<T extends z.ZodType>(schema: T, input: unknown, fallback: string): z.output<T> {
  if (input !== null && typeof input === 'object') {
    for (const [name, value] of Object.entries(input)) {
      if (typeof value !== 'string') throw new HttpError(400, 'invalid_parameter', `${name} must be given once, as a plain value`, { field: name });
    }
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = firstInputIssue(parsed.error, input);
  const field = issue?.field || fallback;
  const reason = issue?.unknownField ? 'is not a parameter of this endpoint' : (issue?.reason ?? 'is invalid');
  throw new HttpError(400, 'invalid_parameter', `${field} ${reason}`, { field });
}
