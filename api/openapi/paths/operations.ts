import type { OpenApiBuilder, Paths } from '../builder.js';

/** What an operator's monitoring reads: `/metrics`. */
export function operationsPaths(b: OpenApiBuilder): Paths {
  return {
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags: ['operations'],
        summary: 'Prometheus metrics of this web process and of the queues and rollups it can see',
        description:
          'Prometheus text format (0.0.4). Answers only when METRICS_TOKEN is set, and then only with ' +
          '`Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN it is an unknown path (404). ' +
          'Counts across the whole instance, never a project\'s data. HTTP requests are labelled by route ' +
          'pattern, never by URL. Queue, dead-letter, rollup and retention figures (and, with DATABASE_READ_URL, ' +
          'whether the standby answers and how many bytes of WAL it is behind) are read at scrape time; ' +
          'a source that cannot be read is left out and flagged in `cuepoint_metrics_scrape_errors{source}`.',
        security: [{ metricsToken: [] }],
        responses: {
          '200': { description: 'The metrics', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } },
          '401': b.json('Missing or wrong metrics token (`invalid_metrics_token`)', b.error),
          '404': b.json('METRICS_TOKEN is not set', b.error),
        },
      },
    },
  };
}
