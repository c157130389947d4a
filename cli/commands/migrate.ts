import { migrate } from '../../shared/db/migrate.js';
import { cliContext, printJson } from '../context.js';

export async function migrateCommand(): Promise<void> {
  const ctx = await cliContext();
  try {
    printJson({ applied: await migrate(ctx.config) });
  } finally {
    await ctx.stop();
  }
}
