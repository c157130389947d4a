import { JobBody, JobId } from '../../jobs/job.js';
import { ErasureAccepted, VisitorId } from '../../visitors/erase.js';
import { UserId, UserVisitorsBody } from '../../visitors/userVisitors.js';
import type { Json, OpenApiBuilder, Paths } from '../builder.js';
import { csrfParameter } from './accounts.js';
import { SESSION_SECURITY } from './security.js';

/** A visitor's access and erasure (GDPR articles 15, 17 and 20), and the jobs that carry them out. */
export function privacyPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, pathParam } = b;
  const security = [{ adminKey: [] }, SESSION_SECURITY];
  const visitorId = pathParam('visitorId', VisitorId, 'The visitor id the tracker made (a UUID)');
  const operation = (operationId: string, summary: string, description: string, rest: Json): Json => ({
    operationId,
    tags: ['privacy'],
    summary,
    description,
    security,
    ...rest,
  });
  return {
    '/v1/visitors/{visitorId}': {
      delete: operation(
        'eraseVisitor',
        'Erase a visitor (admin key, or a signed-in admin or owner)',
        'Refuses the visitor\'s later events at once (`erased_visitor`, before the 202) by a tombstone that holds a hash of the id, not the id, and queues a job that deletes their events, sessions, plays, dead letters and every other row naming them, then recomputes every affected day, so every figure drops by exactly that visitor. Days before the raw-retention horizon keep their figures as anonymous aggregates. Erasing again makes a new job.',
        {
          parameters: [visitorId, csrfParameter()],
          responses: { '202': json('The erasure job, to follow with GET /v1/jobs/{jobId}', component('ErasureAccepted', ErasureAccepted, 'output')), ...errors(400, 401, 403, 404), '503': json('The queue cannot take the job; the tombstone is set, erase again', b.error) },
        },
      ),
    },
    '/v1/visitors/{visitorId}/export': {
      get: operation(
        'exportVisitor',
        'Everything stored about a visitor, as NDJSON (admin key, or a signed-in admin or owner)',
        'One JSON object per line: `{"kind":"event", …}` for each raw event with every stored column, then `session`, `play`, and the rows of every other table that names the visitor (`kind` = the table). Streamed as an attachment; a visitor with nothing stored gives an empty body.',
        {
          parameters: [visitorId, csrfParameter()],
          responses: {
            '200': { description: 'The visitor\'s rows, one JSON object per line', content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
            ...errors(400, 401, 403, 404),
          },
        },
      ),
    },
    '/v1/users/{userId}/visitors': {
      get: operation(
        'listUserVisitors',
        'The visitor ids a user id was identified as (admin key, or a signed-in admin or owner)',
        'Every visitor id that an `identify` event tied to this user id (the site\'s own account id, personal data), so each can be exported or erased with `/v1/visitors/{visitorId}`. A user id never seen gives an empty list. Erasing a visitor removes its pairs.',
        {
          parameters: [pathParam('userId', UserId, 'The user id `identify` sent (1-200 characters, percent-encoded in the path)'), csrfParameter()],
          responses: { '200': json('The visitor ids', component('UserVisitors', UserVisitorsBody, 'output')), ...errors(400, 401, 403, 404) },
        },
      ),
    },
    '/v1/jobs/{jobId}': {
      get: operation('getJob', 'A background job of the project: erasures (admin key, or a signed-in admin or owner)', 'Another project\'s job is not found. Finished jobs are kept 30 days.', {
        parameters: [pathParam('jobId', JobId, 'The job id an erasure answered with'), csrfParameter()],
        responses: { '200': json('The job', component('Job', JobBody, 'output')), ...errors(400, 401, 403, 404) },
      }),
    },
  };
}
