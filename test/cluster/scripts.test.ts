import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { LoginLimiter } from '../../api/auth/loginLimiter.js';
import { RedisSessionSplitter } from '../../api/segment/RedisSessionSplitter.js';
import { createRedis } from '../../shared/queue/connection.js';
import { masters, type RedisClient } from '../../shared/queue/redisClient.js';
import { checkRedisSafety } from '../../shared/queue/redisSafety.js';
import { checkRedisPersistence } from '../../cli/doctor/redisChecks.js';
import { silentLog } from '../helpers/services.js';
import { readRollupDurations, recordRollupDuration } from '../../shared/telemetry/rollupDurations.js';
import { clusterUrl } from './helpers.js';

/** The multi-key scripts and transactions outside the queues: each must keep to one slot. */
describe('cluster: multi-key scripts keep to one slot', () => {
  let redis: RedisClient;
  const prefix = `cpc-${randomBytes(4).toString('hex')}`;

  before(() => {
    redis = createRedis({ redis: { url: clusterUrl(), prefix, tlsRejectUnauthorized: true }, scale: { redisCluster: true } }, 'plain');
  });
  after(() => {
    redis.disconnect();
  });

  it('when one request brings many visitors of a project then one script splits their sessions, and a visitor keeps its session', async () => {
    const splitter = new RedisSessionSplitter(redis, { prefix });
    const project = randomUUID();
    const visitors = Array.from({ length: 20 }, () => randomUUID());
    const now = Date.now();
    const first = await splitter.assign(project, visitors.map((visitorId) => ({ visitorId, at: now, eventId: randomUUID() })));
    const again = await splitter.assign(project, visitors.map((visitorId) => ({ visitorId, at: now + 60_000, eventId: randomUUID() })));
    expect(new Set(first).size).to.equal(20);
    expect(again).to.deep.equal(first);
    expect(splitter.stateKey(project, visitors[0]!)).to.include(`{${project}}`);
  });

  it('when sign-ins are attempted then the account and IP counters share a slot and the limit answers 429', async () => {
    const limiter = new LoginLimiter(redis, { prefix, perAccount: 2, perIp: 10, secret: undefined });
    await limiter.attempt('a@example.com', '192.0.2.1');
    await limiter.attempt('a@example.com', '192.0.2.1');
    const refused = await limiter.attempt('a@example.com', '192.0.2.1').then(() => undefined, (err: unknown) => err as { status?: number });
    expect(refused?.status).to.equal(429);
    const cluster = redis as unknown as { cluster(sub: 'KEYSLOT', key: string): Promise<number> };
    expect(await cluster.cluster('KEYSLOT', limiter.accountCounter('a@example.com'))).to.equal(await cluster.cluster('KEYSLOT', limiter.ipCounter('192.0.2.1')));
  });

  it('when doctor and the start-up check read INFO then they read every master, each with AOF and noeviction', async () => {
    expect(await checkRedisPersistence(redis)).to.deep.equal({ status: 'ok', found: 'maxmemory-policy noeviction, AOF on', advice: '' });
    expect(await masters(redis)).to.have.length(3);
    expect((await checkRedisSafety(redis, silentLog)).warnings).to.deep.equal([]);
  });

  it('when rollup durations are recorded then the MULTI on their one hash succeeds and reads back', async () => {
    await recordRollupDuration(redis, prefix, 70);
    await recordRollupDuration(redis, prefix, 3000);
    const histogram = await readRollupDurations(redis, prefix);
    expect(histogram.count).to.equal(2);
    expect(histogram.sumSeconds).to.equal(3.07);
  });
});
