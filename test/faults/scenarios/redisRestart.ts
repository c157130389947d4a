import { setTimeout as sleep } from 'node:timers/promises';
import { printFigures } from '../check/report.js';
import type { Tally } from '../check/tally.js';
import type { Ledger } from '../client/ledger.js';
import type { PrivateServers } from '../infra/privateServers.js';
import { inScenario } from './scenario.js';
import type { FaultSize } from './size.js';

const REDIS_DOWN_MS = 2000;
/** appendfsync everysec: at most the last second of writes may be lost on a crash. */
const AOF_WINDOW_MS = 1000;

export type RedisStop = 'SIGKILL' | 'SHUTDOWN';

export interface RedisRestartResult {
  tally: Tally;
  ledger: Ledger;
  /** Acknowledged events missing afterwards whose 202 came within the AOF window before the stop. */
  lostWithinWindow: number;
  /** Missing events acknowledged earlier than that: a broken promise, whatever the AOF setting. */
  lostBeforeWindow: number;
  /** Events acknowledged in the last second before the stop: the bound on what may be lost. */
  ackedInLastSecond: number;
}

/** Scenario 3: Redis dies (SIGKILL) or shuts down (SHUTDOWN) mid-stream and restarts from its AOF. */
export async function redisRestart(servers: PrivateServers, size: FaultSize, how: RedisStop): Promise<RedisRestartResult> {
  return inScenario(servers, size, {}, async (s) => {
    await Promise.all([s.deployment.start('web'), s.deployment.start('worker'), s.deployment.start('clock')]);
    const stream = s.stream(size.streamSeconds);
    await stream.acknowledged(0.4);
    const stoppedAt = Date.now();
    if (how === 'SIGKILL') await servers.redis.kill();
    else await servers.redis.shutdown();
    await sleep(REDIS_DOWN_MS);
    await servers.redis.start();
    const t = await s.settle(stream);

    const windowStart = stoppedAt - AOF_WINDOW_MS;
    const lostAt = t.missing.map((id) => stream.ledger.acked.get(id) ?? 0);
    const lostWithinWindow = lostAt.filter((at) => at >= windowStart).length;
    const ackedInLastSecond = stream.ledger.ackedBetween(windowStart, stoppedAt).length;
    printFigures(`Redis ${how} and restart with AOF`, t, stream.ledger, {
      'lost within AOF window': lostWithinWindow,
      'acknowledged in the last second before the stop': ackedInLastSecond,
    });
    return { tally: t, ledger: stream.ledger, lostWithinWindow, lostBeforeWindow: lostAt.length - lostWithinWindow, ackedInLastSecond };
  });
}
