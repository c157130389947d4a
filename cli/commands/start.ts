import { randomBytes } from 'node:crypto';
import { startWeb } from '../../api/server.js';
import { startClock } from '../../clock/server.js';
import type { Config } from '../../shared/config.js';
import { migrate } from '../../shared/db/migrate.js';
import { createPool } from '../../shared/db/pool.js';
import { runProcess, type Running } from '../../shared/lifecycle.js';
import type { Logger } from '../../shared/logger.js';
import { startWorker } from '../../worker/server.js';

/**
 * The local, single-process run: migrate, then web, worker and clock together. On a dyno
 * platform each role runs as its own process from the Procfile instead.
 */
export async function startCommand(): Promise<void> {
  await runProcess('cuepoint', startAll, { startServers: true });
}

async function startAll(given: Config, log: Logger): Promise<Running> {
  const config = withLocalRateLimitSecret(given);
  const applied = await migrate(config);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const worker = await startWorker(config, log.child({ role: 'worker' }));
  const clock = await startClock(config, log.child({ role: 'clock' }));
  const web = await startWeb(config, log.child({ role: 'web' }));
  log.info(`listening on ${web.url}`);
  log.info(`dashboard: ${web.url}/app/`);
  if (!(await hasUsers(config))) {
    log.info('no dashboard user yet: create the first one (it becomes owner of every project) with\n' +
      '  read -rs PASSWORD && printf %s "$PASSWORD" | npx cuepoint user create --email you@example.com --password-stdin');
  }
  return {
    // Intake stops first so that nothing is accepted that the worker will not see.
    close: async () => {
      await web.close();
      await clock.close();
      await worker.close();
    },
  };
}

async function hasUsers(config: Config): Promise<boolean> {
  const pool = createPool(config, 1);
  try {
    return ((await pool.query('select 1 from users limit 1')).rowCount ?? 0) > 0;
  } finally {
    await pool.end();
  }
}

/**
 * The per-IP limit keys Redis by an HMAC of the IP; its secret only has to be shared between
 * web processes. Here there is exactly one, so a secret of its own is right, not a warning.
 */
function withLocalRateLimitSecret(config: Config): Config {
  if (config.rateLimit.secret !== undefined) return config;
  return { ...config, rateLimit: { ...config.rateLimit, secret: randomBytes(32).toString('hex') } };
}
