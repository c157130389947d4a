import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123180434_catalog } from './Migration20261123180434_catalog.js';
import { Migration20261123190000_events } from './Migration20261123190000_events.js';
import { Migration20261123200000_rollups } from './Migration20261123200000_rollups.js';
import { Migration20261123210000_jsonLists } from './Migration20261123210000_jsonLists.js';
import { Migration20261123220000_membersDayIndex } from './Migration20261123220000_membersDayIndex.js';
import { Migration20261124000000_memberSets } from './Migration20261124000000_memberSets.js';
import { Migration20261206100000_rollupFailures } from './Migration20261206100000_rollupFailures.js';
import { Migration20261206110000_boundedValues } from './Migration20261206110000_boundedValues.js';
import { Migration20261206120000_serverKeys } from './Migration20261206120000_serverKeys.js';
import { Migration20261206140000_metricRegistry } from './Migration20261206140000_metricRegistry.js';
import { Migration20261206150000_globMatch } from './Migration20261206150000_globMatch.js';
import { Migration20261207100000_siteFacts } from './Migration20261207100000_siteFacts.js';
import { Migration20261207101000_sessionsBackfill } from './Migration20261207101000_sessionsBackfill.js';
import { Migration20261207110000_siteRollups } from './Migration20261207110000_siteRollups.js';
import { Migration20261207120000_breakdowns } from './Migration20261207120000_breakdowns.js';
import { Migration20261208100000_accounts } from './Migration20261208100000_accounts.js';
import { Migration20261209100000_retention } from './Migration20261209100000_retention.js';
import { Migration20261209110000_erasure } from './Migration20261209110000_erasure.js';
import { Migration20261209120000_forms } from './Migration20261209120000_forms.js';
import { Migration20261209130000_journeys } from './Migration20261209130000_journeys.js';
import { Migration20261210110000_funnels } from './Migration20261210110000_funnels.js';

/** Every migration, in order; listed explicitly so compiled and TypeScript runs agree. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261123180434_catalog', class: Migration20261123180434_catalog },
  { name: 'Migration20261123190000_events', class: Migration20261123190000_events },
  { name: 'Migration20261123200000_rollups', class: Migration20261123200000_rollups },
  { name: 'Migration20261123210000_jsonLists', class: Migration20261123210000_jsonLists },
  { name: 'Migration20261123220000_membersDayIndex', class: Migration20261123220000_membersDayIndex },
  { name: 'Migration20261124000000_memberSets', class: Migration20261124000000_memberSets },
  { name: 'Migration20261206100000_rollupFailures', class: Migration20261206100000_rollupFailures },
  { name: 'Migration20261206110000_boundedValues', class: Migration20261206110000_boundedValues },
  { name: 'Migration20261206120000_serverKeys', class: Migration20261206120000_serverKeys },
  { name: 'Migration20261206140000_metricRegistry', class: Migration20261206140000_metricRegistry },
  { name: 'Migration20261206150000_globMatch', class: Migration20261206150000_globMatch },
  { name: 'Migration20261207100000_siteFacts', class: Migration20261207100000_siteFacts },
  { name: 'Migration20261207101000_sessionsBackfill', class: Migration20261207101000_sessionsBackfill },
  { name: 'Migration20261207110000_siteRollups', class: Migration20261207110000_siteRollups },
  { name: 'Migration20261207120000_breakdowns', class: Migration20261207120000_breakdowns },
  { name: 'Migration20261208100000_accounts', class: Migration20261208100000_accounts },
  { name: 'Migration20261209100000_retention', class: Migration20261209100000_retention },
  { name: 'Migration20261209110000_erasure', class: Migration20261209110000_erasure },
  { name: 'Migration20261209120000_forms', class: Migration20261209120000_forms },
  { name: 'Migration20261209130000_journeys', class: Migration20261209130000_journeys },
  { name: 'Migration20261210110000_funnels', class: Migration20261210110000_funnels },
];
