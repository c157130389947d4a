import { z } from 'zod';
import { MAX_HOLDOUT_PERCENT } from '../../../shared/holdout/bucket.js';
import { TRACKER_SETTINGS_PATH } from '../../tracker/settings.js';
import { queryParameters, type OpenApiBuilder, type Paths } from '../builder.js';

const TrackerSettingsQuery = z.object({
  key: z.string().meta({ description: "The project's public write key (cpw_…), the one the page's tracker carries." }),
});

const TrackerSettingsBody = z.object({
  holdoutPercent: z.number().int().min(0).max(MAX_HOLDOUT_PERCENT).meta({ description: 'Visitors whose bucket is below this never see the widget (0: nobody).' }),
  holdoutSalt: z.string().meta({ description: "The project's salt: a visitor's bucket is FNV-1a-32(holdoutSalt + visitorId) mod 100." }),
});

/** GET /v1/tracker/settings: what the browser tracker reads before it shows a widget. */
export function trackerSettingsPaths(b: OpenApiBuilder): Paths {
  const { component, json, error } = b;
  return {
    [TRACKER_SETTINGS_PATH]: {
      get: {
        operationId: 'trackerSettings',
        tags: ['ingest'],
        summary: "The tracker's project settings (the holdout)",
        description:
          'Public and cacheable: `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=60`. Counted against the client IP like ingest. ' +
          'The tracker keeps the answer in localStorage, so a returning visitor is held out before the first paint, and refreshes it in the background.',
        parameters: queryParameters(TrackerSettingsQuery),
        responses: {
          '200': json('The settings', component('TrackerSettings', TrackerSettingsBody, 'output')),
          '400': json('`key` missing, repeated, or another parameter given', error),
          '403': json('A key of another kind than the write key', error),
          '404': json('The key is unknown (`invalid_key`), revoked (`key_revoked`) or past its grace period (`key_expired`)', error),
          '429': json('Rate limited', error, { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } }),
        },
      },
    },
  };
}
