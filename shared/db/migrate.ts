import type { Config } from '../config.js';
import { initOrm } from './orm.js';

/** Applies pending migrations; the `release` phase runs this before new code takes traffic. */
export async function migrate(config: Pick<Config, 'database'>): Promise<string[]> {
  const orm = await initOrm(config);
  try {
    const applied = await orm.migrator.up();
    await orm.em.getConnection().execute(`select ensure_event_partitions(now() - interval '400 days', now() + interval '2 months')`);
    return applied.map((m) => m.name);
  } finally {
    await orm.close();
  }
}
