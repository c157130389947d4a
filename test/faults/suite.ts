import { expect } from 'chai';
import type { Tally } from './check/tally.js';
import type { Ledger } from './client/ledger.js';
import { PrivateServers } from './infra/privateServers.js';
import { overload } from './scenarios/overload.js';
import { postgresOutage } from './scenarios/postgresOutage.js';
import { redisRestart } from './scenarios/redisRestart.js';
import { rollingStop } from './scenarios/rollingStop.js';
import type { FaultSize } from './scenarios/size.js';
import { twoClocks, type TwoClocksResult } from './scenarios/twoClocks.js';
import { workerKills } from './scenarios/workerKills.js';

/** Every event the client sent was acknowledged and is stored once; nothing else is stored. */
function expectExactlyOnce(t: Tally, ledger: Ledger, size: FaultSize): void {
  expect(ledger.unexpected, 'answers a retry cannot fix').to.deep.equal([]);
  expect(ledger.refusalsWithoutRetryAfter, '429/503 without Retry-After').to.equal(0);
  expect(t.acknowledged, 'acknowledged').to.equal(size.events);
  expect(t.missing, 'acknowledged events missing').to.deep.equal([]);
  expect(t.duplicated, 'duplicated rows').to.equal(0);
  expect(t.unacknowledged, 'stored events never acknowledged').to.equal(0);
  expect(t.dedupRows, 'event_ids rows').to.equal(t.stored);
  expect(t.deadLetters, 'dead letters').to.equal(0);
}

/**
 * The fault scenarios, with real web / worker / clock processes against a private
 * PostgreSQL and Redis that they stop and kill. `size` decides how many events each streams.
 */
export function describeFaults(size: FaultSize, timeoutMs: number): void {
  describe(`faults: real processes, ${size.events} events per scenario`, function () {
    this.timeout(timeoutMs);
    let servers: PrivateServers;

    before(async () => {
      servers = await PrivateServers.start();
    });
    after(async () => {
      await servers.stop();
    });

    describe('processes fail, the servers stay up', () => {
      // The two-clock scenario mostly waits for the clock's once-a-minute tick, so it runs
      // alongside the others here (each scenario has its own database and key prefix).
      let clocks: Promise<TwoClocksResult>;
      before(() => {
        clocks = twoClocks(servers, size);
        // Reported by its own test below; not an unhandled rejection meanwhile.
        clocks.catch(() => undefined);
      });
      after(async () => {
        await clocks.catch(() => undefined);
      });

      it('when the worker is SIGKILLed every few seconds and restarted then every acknowledged event is stored once', async () => {
        const r = await workerKills(servers, size);
        expectExactlyOnce(r.tally, r.ledger, size);
        expect(r.storedAtKills.some((n) => n > 0 && n < size.events), 'a kill landed mid-stream').to.equal(true);
      });

      it('when one of two web and one of three worker processes get SIGTERM mid-stream then they finish in-flight work and exit 0', async () => {
        const r = await rollingStop(servers, size);
        expectExactlyOnce(r.tally, r.ledger, size);
        for (const exit of [r.webExit, r.workerExit]) {
          expect(exit.code, 'graceful exit code').to.equal(0);
          expect(exit.tookMs, 'shutdown time').to.be.below(25_000);
        }
      });

      it('when no worker runs then ingest stops at the backlog bound with Retry-After, and drains on its own once a worker starts', async () => {
        const r = await overload(servers, size);
        expectExactlyOnce(r.tally, r.ledger, size);
        expect(r.ledger.answers(503), '503 backlog_full answers').to.be.greaterThan(0);
        // The bound is read by a poller (≤ 50 ms stale here, more on a busy machine), so the
        // requests in flight during a few polls may pass it; what matters is that it stops there.
        expect(r.maxWaiting).to.be.at.most(r.backlogMaxJobs + 4 * size.concurrency);
        expect(r.waitingAtEndOfHold, 'no growth while refusing').to.be.at.most(r.waitingAtFirstRefusal + 2 * size.concurrency);
        expect(r.maxRssMb - r.rssAtFirstRefusalMb, 'web RSS growth while refusing (MB)').to.be.below(64);
        expect(r.acceptingAgainAfterMs).to.be.below(60_000);
      });

      it('when two clocks run at once then every rollup counts each stored event once', async () => {
        const r = await clocks;
        expectExactlyOnce(r.tally, r.ledger, size);
        expect(r.rolledUp).to.deep.equal(r.expected);
        expect(r.expected.reduce((n, d) => n + d.impressions + d.opens + d.plays, 0)).to.equal(size.events);
        expect(r.rollupsExecuted, 'rollups executed vs rollup jobs (one per day and tick)').to.equal(r.rollupJobs);
      });
    });

    describe('the servers fail', () => {
      it('when PostgreSQL is down for 20 s then the API keeps accepting, the worker catches up and nothing is dead-lettered', async () => {
        const r = await postgresOutage(servers, size);
        expectExactlyOnce(r.tally, r.ledger, size);
        expect(r.ackedWhileDown, 'events acknowledged while PostgreSQL was down').to.be.greaterThan(0);
        expect(r.crashed, 'processes that died during the outage').to.deep.equal([]);
      });

      it('when Redis is SIGKILLed and restarts from its AOF then the API answers 503 meanwhile and loses at most the last second', async () => {
        const r = await redisRestart(servers, size, 'SIGKILL');
        expect(r.ledger.answers(503), '503 answers while Redis was down').to.be.greaterThan(0);
        expect(r.lostBeforeWindow, 'lost events acknowledged before the AOF window').to.equal(0);
        expect(r.lostWithinWindow).to.be.at.most(r.ackedInLastSecond);
        expect(r.ledger.unexpected).to.deep.equal([]);
        expect(r.ledger.refusalsWithoutRetryAfter, '503 without Retry-After').to.equal(0);
        expect(r.tally.duplicated).to.equal(0);
        expect(r.tally.unacknowledged).to.equal(0);
        expect(r.tally.deadLetters).to.equal(0);
      });

      it('when Redis shuts down gracefully and restarts then no acknowledged event is lost', async () => {
        const r = await redisRestart(servers, size, 'SHUTDOWN');
        expect(r.ledger.answers(503), '503 answers while Redis was down').to.be.greaterThan(0);
        expectExactlyOnce(r.tally, r.ledger, size);
      });
    });
  });
}
