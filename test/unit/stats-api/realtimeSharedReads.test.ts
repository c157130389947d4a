import { expect } from 'chai';
import { SharedReads } from '../../../api/stats/realtime/sharedReads.js';

describe('realtime shared reads', () => {
  let at = 0;
  const reads = (maxEntries = 10) => new SharedReads<number>({ ttlMs: 2000, maxEntries, now: () => at });
  beforeEach(() => (at = 0));

  it('when a read is still in flight after the time to live then later requests still share it', async () => {
    const shared = reads();
    let loads = 0;
    let finish: (n: number) => void = () => undefined;
    const first = shared.get('p', () => new Promise<number>((r) => ((loads += 1), (finish = r))));
    at = 5000;
    const second = shared.get('p', () => Promise.resolve((loads += 1)));
    finish(7);
    expect(await Promise.all([first, second])).to.deep.equal([7, 7]);
    expect(loads).to.equal(1);
    // Settled and aged: the next request reads again.
    expect(await shared.get('p', () => Promise.resolve(8))).to.equal(8);
  });

  it('when a read fails then the next request reads again at once', async () => {
    const shared = reads();
    await shared.get('p', () => Promise.reject(new Error('redis down'))).catch(() => undefined);
    expect(await shared.get('p', () => Promise.resolve(1))).to.equal(1);
  });

  it('when more keys are read than are kept then the oldest answer is dropped, not the newest', async () => {
    const shared = reads(2);
    await shared.get('a', () => Promise.resolve(1));
    await shared.get('b', () => Promise.resolve(2));
    await shared.get('c', () => Promise.resolve(3));
    expect(await shared.get('a', () => Promise.resolve(10))).to.equal(10);
    expect(await shared.get('c', () => Promise.resolve(30))).to.equal(3);
  });
});
