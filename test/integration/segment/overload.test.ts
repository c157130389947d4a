import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { eventually, SHOP, startHarness, type Answer, type Harness } from '../api/harness.js';
import { segmentPost, track } from './client.js';

/** 429 with a whole number of seconds in Retry-After: what analytics-node waits for. */
function expectTooMany(answer: Answer, code: string, retryAfter: string): void {
  expectClientError(answer, 429, code);
  expect(answer.json.code).to.equal(code);
  expect(answer.headers.get('retry-after')).to.equal(retryAfter);
  expect(Number.isInteger(Number(answer.headers.get('retry-after')))).to.equal(true);
}

describe('segment: overload answers 429 with Retry-After', () => {
  describe('rate limits', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ env: { RATE_LIMIT_PER_KEY: '2', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_SECRET: 'test-rate-limit-secret-0123456789abcdef' } });
    });
    after(async () => {
      await h.close();
    });

    it('when a key posts more batches than RATE_LIMIT_PER_KEY in one second then the rest get 429 naming authorization and enqueue nothing', async () => {
      await eventually(async () => (await h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`)).length === 0, 3000, 50);
      const answers = await Promise.all(Array.from({ length: 4 }, () => segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.writeKey, origin: SHOP })));
      expect(answers.filter((a) => a.status === 200)).to.have.length(2);
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused).to.have.length(2);
      for (const answer of refused) {
        expectTooMany(answer, 'rate_limited', '1');
        expect(answer.json.error).to.deep.include({ field: 'authorization' });
        expect(answer.headers.get('access-control-allow-origin')).to.equal(SHOP);
      }
      expect(await h.waitingJobs()).to.have.length(2);
    });

    it('when a batch holds as many messages as two /v1/events requests then it counts twice against the key and the next batch in that second gets 429', async () => {
      await eventually(async () => (await h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`)).length === 0, 3000, 50);
      const big = await segmentPost(h, '/batch', { batch: Array.from({ length: 501 }, () => track()) }, { key: h.project.writeKey });
      expect(big.status).to.equal(200);
      expect(big.json.accepted).to.equal(501);
      expectTooMany(await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.writeKey }), 'rate_limited', '1');
    });

    it('when a batch stands for more requests than the key may send in a second then it still passes once, counted at the limit', async () => {
      await eventually(async () => (await h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`)).length === 0, 3000, 50);
      const huge = await segmentPost(h, '/batch', { batch: Array.from({ length: 1501 }, () => track()) }, { key: h.project.writeKey });
      expect(huge.status).to.equal(200);
      expectTooMany(await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.writeKey }), 'rate_limited', '1');
    });
  });

  describe('per-IP limit and telemetry', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ env: { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '2', RATE_LIMIT_SECRET: 'test-rate-limit-secret-0123456789abcdef' } });
    });
    after(async () => {
      await h.close();
    });

    it('when one address sends more telemetry than RATE_LIMIT_PER_IP in one second then /v1/m answers 429 too', async () => {
      await eventually(async () => (await h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`)).length === 0, 3000, 50);
      const answers = await Promise.all(Array.from({ length: 4 }, () => segmentPost(h, '/m', { series: [] })));
      expect(answers.map((a) => a.status).sort()).to.deep.equal([204, 204, 429, 429]);
      expectTooMany(answers.find((a) => a.status === 429)!, 'rate_limited', '1');
    });
  });

  describe('backlog', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ env: { BACKLOG_MAX_JOBS: '2', BACKLOG_POLL_MS: '20', RATE_LIMIT_PER_IP: '0' } });
    });
    after(async () => {
      await h.close();
    });

    it('when more jobs wait than BACKLOG_MAX_JOBS then 429 backlog_full with Retry-After (not the 503 of /v1/events)', async () => {
      for (let i = 0; i < 3; i++) expect((await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.writeKey })).status).to.equal(200);
      let last: Answer | undefined;
      await eventually(async () => {
        last = await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.writeKey });
        return last.status !== 200;
      }, 1000);
      expectTooMany(last!, 'backlog_full', '5');
    });
  });
});
