import { ROLLED_UP_AT_HEADER } from '../../stats/controller.js';
import { STATS_ENDPOINTS } from '../../stats/endpoints.js';
import { STATS_PREFIX } from '../../stats/router.js';
import { REALTIME_STATS_PATH } from '../../stats/realtime/router.js';
import { RealtimeResponse, REALTIME_TOP_LIMIT } from '../../stats/realtime/schemas.js';
import { WINDOW_MINUTES } from '../../../shared/realtime/keys.js';
import { queryParameters, type OpenApiBuilder, type Paths } from '../builder.js';
import { SESSION_SECURITY } from './security.js';

/** The stats endpoints, from the same table the router registers. */
export function statsPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors } = b;
  const paths: Paths = {};
  for (const endpoint of STATS_ENDPOINTS) {
    paths[`${STATS_PREFIX}${endpoint.path}`] = {
      get: {
        operationId: `stats${endpoint.name.charAt(0).toUpperCase()}${endpoint.name.slice(1)}`,
        tags: ['stats'],
        summary: endpoint.summary,
        description:
          'Read-only figures from the daily rollups of the project of the read key, or of the project a signed-in member names in `X-Cuepoint-Project`. Figures are exact. ' +
          'Send the ETag back in If-None-Match: an unchanged answer is a 304 without a body, decided before any figure is computed.',
        security: [{ readKey: [] }, SESSION_SECURITY],
        parameters: [
          ...queryParameters(endpoint.query),
          { name: 'If-None-Match', in: 'header', required: false, description: 'The ETag of a previous answer', schema: { type: 'string' } },
        ],
        responses: {
          '200': json('Figures', component(`Stats${endpoint.name.charAt(0).toUpperCase()}${endpoint.name.slice(1)}`, endpoint.response, 'output'), {
            ETag: { description: 'Strong tag of this answer', schema: { type: 'string' } },
            'Cache-Control': { description: '`private, no-cache`', schema: { type: 'string' } },
            [ROLLED_UP_AT_HEADER]: ROLLED_UP_AT,
          }),
          '304': { description: 'Not modified: the If-None-Match tag is current', headers: { [ROLLED_UP_AT_HEADER]: ROLLED_UP_AT } },
          ...errors(400, 401, 403, 404),
        },
      },
    };
  }
  paths[REALTIME_STATS_PATH] = realtimePath(b);
  return paths;
}

/** The live figures: no range, no ETag; read from Redis on every request. */
function realtimePath(b: OpenApiBuilder): Paths[string] {
  const { component, json, errors } = b;
  return {
    get: {
      operationId: 'statsRealtime',
      tags: ['stats'],
      summary: `The last ${WINDOW_MINUTES} minutes: active visitors and sessions, page views, opens and plays per minute, top ${REALTIME_TOP_LIMIT} pages and videos`,
      description:
        'Live figures of the project of the read key, or of the project a signed-in member names in `X-Cuepoint-Project`, kept by the worker in Redis per UTC minute ' +
        `of each event's corrected time (events older than ${WINDOW_MINUTES} minutes when stored are not counted). Bots are left out. Exact, unless \`capped\` says a minute ` +
        'reached its member cap or `paused` says the worker stopped writing them while Redis was short of memory. Answers are shared for 2 s per project. Without parameters and without an ETag: poll it (the dashboard does every 10 s).',
      security: [{ readKey: [] }, SESSION_SECURITY],
      responses: {
        '200': json('Figures', component('StatsRealtime', RealtimeResponse, 'output'), {
          'Cache-Control': { description: '`private, no-cache`', schema: { type: 'string' } },
        }),
        ...errors(400, 401, 403, 404, 503),
      },
    },
  };
}

const ROLLED_UP_AT = {
  description: 'When the latest rollup of a day of the range ran (ISO 8601); absent before any is rolled up',
  schema: { type: 'string', format: 'date-time' },
};
