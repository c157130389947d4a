import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Cluster } from 'ioredis';
import { startWeb, type WebServer } from '../../api/server.js';
import { keyPrefix } from '../../shared/keys.js';
import { masters } from '../../shared/queue/redisClient.js';
import { ev, eventually, SHOP, startHarness, type Harness } from '../integration/api/harness.js';
import { silentLog } from '../helpers/services.js';
import { clusterEnv } from './helpers.js';

/** Every key under a pattern, from every master (SCAN answers for one node only). */
async function keysOnCluster(h: Harness, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of await masters(h.redis)) found.push(...(await node.keys(pattern)));
  return found;
}

describe('cluster: rate limits and config-changed across web processes', function () {
  this.timeout(60_000);

  describe('rate limits', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ env: clusterEnv({ RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_SECRET: 'cluster-test-secret-0123456789-abcdef' }) });
    });
    after(async () => {
      await h.close();
    });

    it('when a key sends more requests in one second than RATE_LIMIT_PER_KEY then the rest get 429, counted by one script on one slot', async () => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: SHOP })));
      expect(answers.map((a) => a.status).sort()).to.deep.equal([202, 202, 202, 429, 429]);
      const prefix = h.t.config.redis.prefix;
      const counters = await keysOnCluster(h, `${prefix}:{ratelimit}:*`);
      const keyCounter = `${prefix}:{ratelimit}:key:${createHash('sha256').update(h.project.writeKey).digest('hex').slice(0, 32)}`;
      expect(counters).to.include(keyCounter);
      expect(counters.some((k) => k.startsWith(`${prefix}:{ratelimit}:ip:`))).to.equal(true);
      expect(Number(await h.redis.get(keyCounter))).to.equal(3);
      const slots = new Set(await Promise.all(counters.map((k) => (h.redis as Cluster).cluster('KEYSLOT', k))));
      expect(slots.size).to.equal(1);
    });
  });

  describe('key revocation', () => {
    let h: Harness;
    let other: WebServer;
    before(async () => {
      // Periodic reload far away: only the pub/sub message can explain a quick change.
      h = await startHarness({ env: clusterEnv({ CONFIG_RELOAD_MS: '600000' }) });
      other = await startWeb(h.t.config, silentLog);
    });
    after(async () => {
      await other.close();
      await h.close();
    });

    const postTo = (url: string, key: string) =>
      fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cuepoint-key': key, origin: SHOP, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0' },
        body: JSON.stringify({ events: [ev.pageView()] }),
      });

    it('when one web process revokes a key then the other refuses it within a second, told over the cluster\'s pub/sub', async () => {
      expect((await postTo(other.url, h.project.writeKey)).status).to.equal(202);
      expect((await h.admin('DELETE', `/keys/${keyPrefix(h.project.writeKey)}`)).status).to.equal(204);
      const revoked = Date.now();
      await eventually(async () => (await postTo(other.url, h.project.writeKey)).status === 401, 1000, 10);
      expect(Date.now() - revoked).to.be.below(1000);
      const answer = (await (await postTo(other.url, h.project.writeKey)).json()) as { error: { code: string } };
      expect(answer.error.code).to.equal('key_revoked');
    });
  });
});
