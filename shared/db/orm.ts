import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Config } from '../config.js';
import { ENTITIES } from '../entities/index.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { HAND_WRITTEN_TABLES } from './tables.js';
import { databaseUrl, pgSsl } from './connection.js';

export type { MikroORM };

/** `poolMax`: the ORM's share of the process's connections (shared/db/poolBudget.ts). */
export function ormOptions(config: Pick<Config, 'database'>, poolMax = config.database.poolMax): Options {
  const ssl = pgSsl(config);
  return {
    clientUrl: databaseUrl(config),
    entities: ENTITIES,
    extensions: [Migrator],
    driverOptions: ssl ? { connection: { ssl } } : {},
    pool: { min: 0, max: poolMax },
    discovery: { disableDynamicFileAccess: true },
    schemaGenerator: { skipTables: [...HAND_WRITTEN_TABLES] },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: 'migrations',
      pathTs: 'migrations',
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    debug: false,
    logger: () => undefined,
    allowGlobalContext: false,
  };
}

export async function initOrm(config: Pick<Config, 'database'>, poolMax?: number): Promise<MikroORM> {
  return MikroORM.init(ormOptions(config, poolMax));
}
