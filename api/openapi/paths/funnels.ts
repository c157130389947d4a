import { z } from 'zod';
import { FunnelId, FunnelInput, FunnelPatch, MAX_FUNNELS_PER_PROJECT } from '../../../shared/funnels/definition.js';
import { FunnelQuery, FunnelResponse } from '../../stats/reports/funnels.js';
import { FUNNELS_STATS_PREFIX } from '../../stats/funnelsRouter.js';
import { MAX_FUNNELS_IN_FLIGHT } from '../../stats/funnelGate.js';
import { queryParameters, type Json, type OpenApiBuilder, type Paths } from '../builder.js';
import { csrfParameter } from './accounts.js';
import { SESSION_SECURITY } from './security.js';

const FunnelBody = FunnelInput.extend({ id: z.uuid(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() });

/** Saved funnels (admin) and their figures (stats). */
export function funnelsPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, body, pathParam, error } = b;
  const admin = (operationId: string, summary: string, operation: Json & { parameters?: Json[]; responses: Json }): Json => ({
    operationId,
    tags: ['admin'],
    summary,
    security: [{ adminKey: [] }, SESSION_SECURITY],
    ...operation,
    parameters: [...(operation.parameters ?? []), csrfParameter()],
    responses: { ...operation.responses, ...errors(400, 401, 403, 404) },
  });
  const funnel = component('Funnel', FunnelBody, 'output');
  const funnelId = pathParam('funnelId', FunnelId, 'The funnel id');
  return {
    '/v1/admin/funnels': {
      post: admin('createFunnel', `Save a funnel of 2–10 page or event steps (at most ${MAX_FUNNELS_PER_PROJECT} per project)`, {
        requestBody: body(component('FunnelCreate', FunnelInput, 'input')),
        responses: { '201': json('Created', funnel), ...errors(409) },
      }),
      get: admin('listFunnels', 'List saved funnels, oldest first', {
        responses: { '200': json('Funnels', component('FunnelList', z.object({ funnels: z.array(FunnelBody) }), 'output')) },
      }),
    },
    '/v1/admin/funnels/{funnelId}': {
      get: admin('getFunnel', 'One saved funnel', { parameters: [funnelId], responses: { '200': json('The funnel', funnel) } }),
      patch: admin('patchFunnel', 'Change a saved funnel (its figures are computed on request, so at once)', {
        parameters: [funnelId],
        requestBody: body(component('FunnelPatch', FunnelPatch, 'input')),
        responses: { '200': json('The changed funnel', funnel) },
      }),
      delete: admin('deleteFunnel', 'Delete a saved funnel', { parameters: [funnelId], responses: { '204': { description: 'Deleted' } } }),
    },
    [`${FUNNELS_STATS_PREFIX}/{funnelId}`]: {
      get: {
        operationId: 'statsFunnel',
        tags: ['stats'],
        summary: 'A saved funnel over a range: per step the units that reached it, conversion, drop-off and median time from the previous step',
        description:
          'Computed from the raw events of the range on each request (exact; not cached; read from the standby when there is one), so `from` may not precede the first day whose raw events are still kept. ' +
          'A read key, or a signed-in member naming the project in `X-Cuepoint-Project`. ' +
          `A web process computes at most ${MAX_FUNNELS_IN_FLIGHT} funnels at once and one per project; another request gets 429 \`funnel_busy\` with \`Retry-After\`.`,
        security: [{ readKey: [] }, SESSION_SECURITY],
        parameters: [
          pathParam('funnelId', FunnelId, 'The funnel id'),
          ...queryParameters(FunnelQuery),
          { name: 'If-None-Match', in: 'header', required: false, description: 'The ETag of a previous answer', schema: { type: 'string' } },
        ],
        responses: {
          '200': json('Figures', component('StatsFunnel', FunnelResponse, 'output'), {
            ETag: { description: 'Strong tag of this answer, a hash of its body', schema: { type: 'string' } },
            'Cache-Control': { description: '`private, no-cache`', schema: { type: 'string' } },
          }),
          '304': { description: 'Not modified: the If-None-Match tag is that of the answer just computed' },
          ...errors(400, 401, 403, 404),
          '429': json('Another funnel is being computed', error, {
            'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer' } },
          }),
        },
      },
    },
  };
}
