import { Health, Readiness } from '../schemas.js';
import type { OpenApiBuilder, Paths } from '../builder.js';

/** Liveness, readiness and this document. */
export function healthPaths(b: OpenApiBuilder): Paths {
  const { component, json } = b;
  const paths: Paths = {
    '/healthz': {
      get: {
        operationId: 'healthz',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        responses: { '200': json('Alive', component('Health', Health, 'output')) },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        tags: ['health'],
        summary: 'Readiness: Redis takes jobs and project config is loaded',
        responses: {
          '200': json('Ready', component('Readiness', Readiness, 'output')),
          '503': json('Not ready', component('Readiness', Readiness, 'output')),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['meta'],
        summary: 'This document',
        responses: { '200': json('The OpenAPI 3.1 document', { type: 'object' }) },
      },
    },
  };
  return paths;
}
