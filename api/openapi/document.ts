import { KEY_HEADER } from '../ingest/IngestRequest.js';
import { OpenApiBuilder, type Json, type Paths } from './builder.js';
import { accountsPaths } from './paths/accounts.js';
import { adminPaths } from './paths/admin.js';
import { formsPaths } from './paths/forms.js';
import { funnelsPaths } from './paths/funnels.js';
import { healthPaths } from './paths/health.js';
import { ingestPaths } from './paths/ingest.js';
import { privacyPaths } from './paths/privacy.js';
import { journeyPaths } from './paths/journeys.js';
import { operationsPaths } from './paths/operations.js';
import { SESSION_SCHEMES } from './paths/security.js';
import { segmentPaths } from './paths/segment.js';
import { statsPaths } from './paths/stats.js';
import { trackerSettingsPaths } from './paths/trackerSettings.js';

export { jsonSchema } from './builder.js';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  paths: Paths;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/**
 * The OpenAPI 3.1 document of the whole API, generated from the zod schemas the handlers
 * validate with (request bodies, path and query parameters) and build their answers from.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  const b = new OpenApiBuilder();
  const paths: Paths = { ...healthPaths(b), ...operationsPaths(b), ...ingestPaths(b), ...trackerSettingsPaths(b), ...accountsPaths(b), ...adminPaths(b), ...privacyPaths(b), ...statsPaths(b), ...formsPaths(b), ...journeyPaths(b), ...funnelsPaths(b), ...segmentPaths(b) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cuepoint API',
      version: '1',
      description: 'Ingest for video-widget events, an admin surface for the catalog and keys, read-only stats, and the accounts the dashboard signs in with.',
    },
    // Relative, so it means whichever origin served the document: "try it" on /docs calls this
    // server. The document is publicly cached, so it must not echo the request's Host header.
    servers: [{ url: '/', description: 'The server this document came from' }],
    paths,
    components: {
      schemas: b.schemas,
      securitySchemes: {
        writeKey: {
          type: 'apiKey',
          in: 'header',
          name: KEY_HEADER,
          description: 'The public write key (cpw_…), or the secret server key (cps_…) from a backend; also accepted as `Authorization: Bearer <key>` or `key` in the body.',
        },
        serverKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'The secret server key (cps_…), from a backend only: its events are trusted (`from_server`). Also accepted in X-Cuepoint-Key.',
        },
        segmentBasic: {
          type: 'http',
          scheme: 'basic',
          description: 'Segment’s way: the write key (or, from a backend, the server key) as the user name, with an empty password.',
        },
        readKey: { type: 'http', scheme: 'bearer', description: 'A read key (cpr_…): `Authorization: Bearer <key>`.' },
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin key (cpa_…): `Authorization: Bearer <key>`.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The operator\'s METRICS_TOKEN, for `/metrics` only.' },
        ...SESSION_SCHEMES,
      },
    },
  };
}
