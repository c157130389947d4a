import { migrate } from '../../shared/db/migrate.js';
import { migrateDown, planMigrateDown, type DownTarget } from '../../shared/db/migrateDown.js';
import { cliContext, printJson } from '../context.js';

export async function migrateCommand(): Promise<void> {
  const ctx = await cliContext();
  try {
    printJson({ applied: await migrate(ctx.config) });
  } finally {
    await ctx.stop();
  }
}

export interface MigrateDownOptions {
  to?: string;
  step?: string;
  yes?: boolean;
}

/** At most one of --to and --step; neither reverts the newest migration only. */
export function downTarget(opts: MigrateDownOptions): DownTarget {
  if (opts.to !== undefined && opts.step !== undefined) throw new Error('give either --to or --step, not both');
  if (opts.to !== undefined) return { to: opts.to === '0' ? 0 : opts.to };
  if (opts.step !== undefined && !/^[1-9]\d*$/.test(opts.step)) throw new Error(`--step must be a whole number of at least 1: ${opts.step}`);
  return { step: opts.step === undefined ? 1 : Number(opts.step) };
}

/**
 * A `down` drops what its `up` created, rows included (`--to 0` drops the events table), so
 * nothing is reverted without `--yes`: without it the command names what it would revert.
 */
export async function migrateDownCommand(opts: MigrateDownOptions): Promise<void> {
  const target = downTarget(opts);
  const ctx = await cliContext();
  try {
    if (!opts.yes) {
      const planned = await planMigrateDown(ctx.config, target);
      throw new Error(`nothing reverted: --yes is needed to revert ${planned.length} migration(s), newest first: ${planned.join(', ') || '(none)'}; each down drops what its up created, rows included`);
    }
    printJson({ reverted: await migrateDown(ctx.config, target) });
  } finally {
    await ctx.stop();
  }
}
