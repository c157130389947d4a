import { expect } from 'chai';
import { startWeb } from '../../../api/server.js';
import { startClock } from '../../../clock/server.js';
import type { Running } from '../../../shared/lifecycle.js';
import type { Config } from '../../../shared/config.js';
import type { Logger } from '../../../shared/logger.js';
import { startWorker } from '../../../worker/server.js';
import { startRedisGate, type RedisGate } from '../../helpers/redisGate.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count, waitFor } from '../worker/helpers.js';

type Starter = (config: Config, log: Logger) => Promise<Running>;

/** Backends connected to this test's database, the counting one left out. */
const backends = (t: TestEnv) =>
  count(t.pool, `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);

describe('start-up that fails half-way closes what it opened', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let gate: RedisGate | undefined;
  beforeEach(async () => {
    t = await createTestEnv();
  });
  afterEach(async () => {
    await gate?.close();
    gate = undefined;
    await t.cleanup();
  });

  const cases: [string, Starter, number][] = [
    ['clock', startClock, 0],
    ['worker', startWorker, 0],
    ['worker', startWorker, 1],
    ['worker', startWorker, 2],
    ['worker', startWorker, 3],
    ['web', startWeb, 0],
    ['web', startWeb, 1],
  ];
  for (const [role, start, forward] of cases) {
    it(`when Redis stops answering after ${forward} connection(s) while the ${role} starts then it fails and leaves no connection open`, async () => {
      gate = await startRedisGate(t.env.REDIS_URL ?? '', forward);
      // The pool of this test holds idle connections of its own; they are counted before and after.
      const before = await backends(t);
      const err = await start({ ...t.config, port: 0, redis: { ...t.config.redis, url: gate.url, startTimeoutMs: 500 } }, silentLog).then(
        async (running) => {
          await running.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      const g = gate;
      console.log(`      ${role}: ${g.accepted()} Redis connection(s) made; start ${err instanceof Error ? `failed: ${err.message}` : 'succeeded'}`);
      expect(err).to.be.instanceOf(Error);
      await waitFor('Redis connections to close', () => Promise.resolve(g.open() === 0), 3000);
      await waitFor('PostgreSQL connections to close', async () => (await backends(t)) === before, 3000);
    });
  }
});
