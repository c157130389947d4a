import { ROLLED_UP_AT_HEADER } from '../../stats/controller.js';
import { STATS_ENDPOINTS } from '../../stats/endpoints.js';
import { STATS_PREFIX } from '../../stats/router.js';
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
  return paths;
}

const ROLLED_UP_AT = {
  description: 'When the latest rollup of a day of the range ran (ISO 8601); absent before any is rolled up',
  schema: { type: 'string', format: 'date-time' },
};
