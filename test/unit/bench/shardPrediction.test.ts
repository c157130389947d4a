import { expect } from 'chai';
import { capacity, perCore, plan, type UnitCosts } from '../../../bench/shards/prediction.js';
import { busiestShare } from '../../../bench/shards/redisServers.js';

// Round figures, so every expected value below can be worked out by hand.
const costs: UnitCosts = { webUs: 100, workerUs: 200, postgresUs: 50, redisUs: 40, busiest: 0.5 };

describe('what CPU per event predicts for N web and M worker dynos', () => {
  it('when one core is planned 70 % busy at 100 µs per event then it carries 7,000 events/s', () => {
    expect(perCore(100, 0.7)).to.be.closeTo(7_000, 1e-9);
  });

  it('when workers cost more per event than webs then equal counts are bound by the workers', () => {
    const c = capacity(costs, 1, 1, 0.7);
    expect(c.bound).to.equal('worker');
    expect(c.eventsPerS).to.be.closeTo(3_500, 1e-9);
    expect(c.postgresCores).to.be.closeTo(0.175, 1e-9);
  });

  it('when dynos are added without end then the busiest Redis master is what runs out', () => {
    // 40 µs × 0.5 share = 20 µs on the busiest master: 0.7 × 1e6 / 20 = 35,000 events/s.
    const c = capacity(costs, 1000, 1000, 0.7);
    expect(c.bound).to.equal('redis');
    expect(c.eventsPerS).to.be.closeTo(35_000, 1e-9);
  });

  it('when the same work is spread evenly over three masters instead of one then the queue layer carries three times as much', () => {
    const one = capacity({ ...costs, busiest: 1 }, Infinity, Infinity, 0.7);
    const three = capacity({ ...costs, busiest: 1 / 3 }, Infinity, Infinity, 0.7);
    expect(three.eventsPerS / one.eventsPerS).to.be.closeTo(3, 1e-9);
  });

  it('when a load is planned then each role gets the fewest dynos that keep it under the plan', () => {
    const p = plan(costs, 10_000, 0.7);
    // 10,000 events/s × 100 µs = 1 core of web work: 2 dynos at 70 %; × 200 µs = 2 cores: 3 workers.
    expect(p).to.include({ webs: 2, workers: 3, fits: true });
    expect(p.redisBusy).to.be.closeTo(0.2, 1e-9);
    expect(p.postgresCores).to.be.closeTo(0.5, 1e-9);
  });

  it('when the busiest master would pass the plan then the load does not fit the layout', () => {
    const p = plan(costs, 40_000, 0.7);
    expect(p.redisBusy).to.be.closeTo(0.8, 1e-9);
    expect(p.fits).to.equal(false);
  });

  it('when servers did unequal work then the busiest share is the largest main thread’s part of the total, and 1 with no work at all', () => {
    // Background threads (AOF fsync) count in cpuMs but do not run commands: only main threads are compared.
    const load = (mainThreadMs: number) => ({ address: 'a:1', cpuMs: mainThreadMs + 500, mainThreadMs, commands: 0 });
    expect(busiestShare([load(30), load(10), load(60)])).to.be.closeTo(0.6, 1e-9);
    expect(busiestShare([load(0), load(0)])).to.equal(1);
  });
});
