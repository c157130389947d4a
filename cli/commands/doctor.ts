import { createPool, createReadPool } from '../../shared/db/pool.js';
import { createRedis } from '../../shared/queue/connection.js';
import { cliContext, printJson } from '../context.js';
import { anyFailed, reportLines } from '../doctor/report.js';
import { runDoctor } from '../doctor/runDoctor.js';

/**
 * `cuepoint doctor`: one line per check (`ok|warn|fail  <check>  <found> — <what to do>`), or
 * `--json`; exit code 1 when any check fails, so a deploy script or cron can act on it.
 */
export async function doctorCommand(opts: { json: boolean }): Promise<void> {
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 2);
  // The standby is read once, by one check: one connection.
  const readPool = createReadPool(ctx.config, 1);
  const redis = createRedis(ctx.config, 'plain');
  // A Redis that is away is one failed check, not an error event that stops the process.
  redis.on('error', () => undefined);
  try {
    const results = await runDoctor({ config: ctx.config, redis, pool, readPool });
    if (opts.json) printJson({ ok: !anyFailed(results), checks: results });
    else process.stdout.write(`${reportLines(results).join('\n')}\n`);
    if (anyFailed(results)) process.exitCode = 1;
  } finally {
    redis.disconnect();
    await Promise.all([pool.end(), readPool?.end()]);
    await ctx.stop();
  }
}
