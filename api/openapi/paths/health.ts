import { Health, Readiness, RollupHealthResponse, Unavailable } from '../schemas.js';
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
    '/healthz/rollups': {
      get: {
        operationId: 'healthzRollups',
        tags: ['health'],
        summary: 'Rollups: failing project-days and rollup lag, as counts over all projects',
        description:
          'Unauthenticated like /readyz, so it names no project. A day whose rollup fails on its data is retried ' +
          'after a backoff (1 min doubling to ROLLUP_RETRY_MAX_MS) while other days roll up; `cuepoint rollup failures` ' +
          'lists the days and their errors.',
        responses: {
          '200': json('Rollup state', component('RollupHealth', RollupHealthResponse, 'output')),
          '503': json('PostgreSQL did not answer', component('Unavailable', Unavailable, 'output')),
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
