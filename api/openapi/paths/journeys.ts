import { PromoteBody } from '../../journeys/PromoteRequest.js';
import { JourneyDeleteQuery, JourneyId, JourneyListQuery } from '../../journeys/reads.js';
import { JourneyDetail, JourneyList, JourneysDeleted, PromoteAccepted } from '../../journeys/schemas.js';
import { queryParameters, type OpenApiBuilder, type Paths } from '../builder.js';
import { csrfParameter } from './accounts.js';
import { SESSION_SECURITY } from './security.js';

/** Visitor journeys: the promote (write key, like ingest) and reading or deleting them (admin). */
export function journeyPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, error, pathParam } = b;
  const adminSecurity = [{ adminKey: [] }, SESSION_SECURITY];
  const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };
  const promoteBody = component('JourneyPromote', PromoteBody, 'input');
  const list = component('JourneyList', JourneyList, 'output');
  return {
    '/v1/journeys/promote': {
      post: {
        operationId: 'promoteJourney',
        tags: ['journeys'],
        summary: 'Link a visitor\'s recent events to the e-mail address a form was just submitted with',
        description:
          'Sent by the page when a person submits a form, with the write key like `POST /v1/events` (as JSON, or as text/plain with `key` in the body for sendBeacon). ' +
          '`clientEvents` is the tracker\'s unsent buffer: every event is checked as ingest checks it (a bad one refuses the request, naming `clientEvents.<index>.<field>`), must be the promoted visitor\'s, ' +
          'counts once per id, and is also queued as an ordinary event. The journey is frozen once the events posted before the promote are stored: ' +
          'the visitor\'s events of the last `JOURNEY_LOOKBACK_HOURS` (never before the project\'s raw retention) up to the promote.',
        security: [{ writeKey: [] }, {}],
        requestBody: { required: true, content: { 'application/json': { schema: promoteBody }, 'text/plain': { schema: promoteBody } } },
        responses: {
          '202': json('The journey is stored and will be frozen', component('JourneyPromoted', PromoteAccepted, 'output')),
          ...errors(400, 401, 403, 413, 415),
          '429': json('Rate limited', error, retryAfter),
          '503': json('Overloaded or the queue is unavailable', error, retryAfter),
        },
      },
      options: {
        operationId: 'promoteJourneyPreflight',
        tags: ['journeys'],
        summary: 'CORS preflight (the origin is checked on the POST, after the key)',
        responses: { '204': { description: 'Preflight answer' } },
      },
    },
    '/v1/journeys': {
      get: {
        operationId: 'listJourneys',
        tags: ['journeys'],
        summary: 'The journeys of an e-mail address, newest first (admin key, or a signed-in admin or owner)',
        security: adminSecurity,
        parameters: queryParameters(JourneyListQuery),
        responses: { '200': json('Journeys', list), ...errors(400, 401, 403, 404) },
      },
      delete: {
        operationId: 'deleteJourneys',
        tags: ['journeys'],
        summary: 'Delete every journey of an e-mail address in the project, with its events',
        security: adminSecurity,
        parameters: [...queryParameters(JourneyDeleteQuery), csrfParameter()],
        responses: { '200': json('How many journeys were deleted', component('JourneysDeleted', JourneysDeleted, 'output')), ...errors(400, 401, 403, 404) },
      },
    },
    '/v1/journeys/{id}': {
      get: {
        operationId: 'getJourney',
        tags: ['journeys'],
        summary: 'One journey with its events in time order, video titles from the catalog',
        security: adminSecurity,
        parameters: [pathParam('id', JourneyId, 'The journey id')],
        responses: { '200': json('The journey', component('JourneyDetail', JourneyDetail, 'output')), ...errors(400, 401, 403, 404) },
      },
    },
  };
}
