import { cliContext } from '../context.js';
import { printAs, type OutputFormat } from '../output.js';

/**
 * Prints the PostgreSQL and Redis URLs the CLI resolves: the configured ones, else the servers
 * of a running `npm start` (a local server on the default port, or the embedded ones it
 * started). `eval "$(npx cuepoint env)"` makes them shell variables, e.g. for `psql`.
 */
export async function envCommand(opts: { format: OutputFormat }): Promise<void> {
  const ctx = await cliContext();
  try {
    const urls = { DATABASE_URL: ctx.config.database.url ?? '', REDIS_URL: ctx.config.redis.url ?? '' };
    printAs(opts.format, urls, urls);
  } finally {
    await ctx.stop();
  }
}
