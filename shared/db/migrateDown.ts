import type { Config } from '../config.js';
import { initOrm } from './orm.js';

/** How far `migrateDown` goes: back to just after a named migration (0: every one), or N steps. */
export type DownTarget = { to: string | 0 } | { step: number };

/**
 * The migrations `target` reverts, newest first, given the applied ones (oldest first).
 * `to` names the migration that stays the newest applied, as a release's last migration
 * would; throwing here, before anything runs, keeps a typo from reverting everything.
 */
export function migrationsToRevert(applied: readonly string[], target: DownTarget): string[] {
  const newestFirst = [...applied].reverse();
  if ('step' in target) {
    if (!Number.isInteger(target.step) || target.step < 1) throw new Error(`--step must be a whole number of at least 1: ${target.step}`);
    return newestFirst.slice(0, target.step);
  }
  if (target.to === 0) return newestFirst;
  const at = newestFirst.indexOf(target.to);
  if (at < 0) throw new Error(`--to names no applied migration: ${target.to}`);
  return newestFirst.slice(0, at);
}

/** The migrations `target` would revert, newest first, without reverting anything. */
export async function planMigrateDown(config: Pick<Config, 'database'>, target: DownTarget): Promise<string[]> {
  const orm = await initOrm(config);
  try {
    return migrationsToRevert((await orm.migrator.getExecutedMigrations()).map((m) => m.name), target);
  } finally {
    await orm.close();
  }
}

/** Reverts applied migrations in one transaction (all or none) and returns their names, newest first. */
export async function migrateDown(config: Pick<Config, 'database'>, target: DownTarget): Promise<string[]> {
  const orm = await initOrm(config);
  try {
    const applied = (await orm.migrator.getExecutedMigrations()).map((m) => m.name);
    const revert = migrationsToRevert(applied, target);
    const oldest = revert.at(-1);
    if (oldest === undefined) return [];
    // umzug's `to` reverts down to and including the migration it names.
    const reverted = await orm.migrator.down({ to: oldest });
    return reverted.map((m) => m.name);
  } finally {
    await orm.close();
  }
}
