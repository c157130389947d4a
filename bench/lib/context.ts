import type pg from 'pg';
import type { CreatedProject } from '../../shared/projects/createProject.js';
import type { Table } from '../report/table.js';
import type { BenchArgs } from './args.js';
import type { RedisProbe } from './redisProbe.js';
import type { RoleSettings } from './roles.js';
import type { RssTracker } from './rss.js';

/** What every step of one bench run shares. */
export interface BenchContext {
  args: BenchArgs;
  table: Table;
  rss: RssTracker;
  probe: RedisProbe;
  /** Counts rows in the bench database. */
  pool: pg.Pool;
  roles: RoleSettings;
  project: CreatedProject;
}

/** The request sizes every ingest step is measured with. */
export const BATCH_SIZES = [1, 20] as const;
export type BatchSize = (typeof BATCH_SIZES)[number];

export const perRequest = (size: BatchSize) => (size === 1 ? '1 event/request' : `${size} events/request`);
