import { expect } from 'chai';
import { loadConfig } from '../../../shared/config.js';
import { CLOCK_POOL_SIZE, webPoolSizes, workerPoolSizes } from '../../../shared/db/poolBudget.js';

describe('one PostgreSQL pool budget per process', () => {
  it('when DATABASE_POOL_MAX is split then no role opens more than it in total, and every pool has a connection', () => {
    for (const total of [5, 6, 10, 40]) {
      const web = webPoolSizes(total);
      expect(web.orm + web.stats + web.reads, `web ${total}`).to.equal(total);
      expect(Math.min(web.orm, web.stats)).to.be.at.least(1);
      const replicated = webPoolSizes(total, true);
      expect(replicated.orm + replicated.stats + replicated.reads, `web with a replica ${total}`).to.equal(total);
      expect(Math.min(replicated.orm, replicated.stats, replicated.reads)).to.be.at.least(1);
      for (const rollups of [1, 2, total - 4].filter((r) => r >= 1 && total >= r + 4)) {
        const worker = workerPoolSizes(total, rollups);
        expect(worker.ingest + worker.rollup + worker.maintenance, `worker ${total}/${rollups}`).to.equal(total);
        expect(worker.rollup).to.equal(rollups + 1);
        expect(worker.ingest).to.be.at.least(1);
      }
    }
    expect(CLOCK_POOL_SIZE).to.be.at.most(4);
    expect(webPoolSizes(10)).to.deep.equal({ orm: 2, stats: 8, reads: 0 });
    expect(webPoolSizes(10, true)).to.deep.equal({ orm: 2, stats: 2, reads: 6 });
    expect(workerPoolSizes(10, 2)).to.deep.equal({ ingest: 5, rollup: 3, maintenance: 2 });
  });

  it('when DATABASE_POOL_MAX cannot hold the rollup slots and the event writes then the configuration is refused', () => {
    expect(() => loadConfig({ DATABASE_POOL_MAX: '5', ROLLUP_CONCURRENCY: '2' })).to.throw(/DATABASE_POOL_MAX: must be at least ROLLUP_CONCURRENCY \+ 4/);
    expect(loadConfig({ DATABASE_POOL_MAX: '6', ROLLUP_CONCURRENCY: '2' }).database.poolMax).to.equal(6);
  });
});
