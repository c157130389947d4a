import { expect } from 'chai';
import { Batcher } from '../../../../worker/persist/batcher.js';

interface Item {
  n: number;
}

function recorder(options: { delayMs?: number; fail?: (item: Item) => boolean } = {}) {
  const batches: number[][] = [];
  const flush = async (items: Item[]) => {
    batches.push(items.map((i) => i.n));
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const failures = new Map<Item, Error>();
    for (const i of items) if (options.fail?.(i)) failures.set(i, new Error(`bad ${i.n}`));
    return failures;
  };
  return { batches, flush };
}

const items = (...ns: number[]) => ns.map((n) => ({ n }));

describe('persist: Batcher', () => {
  it('when several jobs add events within flushMs then they are written in one flush', async () => {
    const r = recorder();
    const b = new Batcher<Item>({ maxEvents: 100, flushMs: 20, flush: r.flush });
    await Promise.all([b.add(items(1, 2)), b.add(items(3)), b.add(items(4, 5))]);
    expect(r.batches).to.deep.equal([[1, 2, 3, 4, 5]]);
  });

  it('when maxEvents are pending then it flushes without waiting for the timer', async () => {
    const r = recorder();
    const b = new Batcher<Item>({ maxEvents: 3, flushMs: 60_000, flush: r.flush });
    const started = Date.now();
    await b.add(items(1, 2, 3));
    expect(Date.now() - started).to.be.lessThan(1000);
    expect(r.batches).to.deep.equal([[1, 2, 3]]);
    await b.close();
  });

  it('when one job holds more than maxEvents then it settles only after all of its batches', async () => {
    const r = recorder({ delayMs: 5 });
    const b = new Batcher<Item>({ maxEvents: 2, flushMs: 1, flush: r.flush });
    await b.add(items(1, 2, 3, 4, 5));
    expect(r.batches.flat()).to.deep.equal([1, 2, 3, 4, 5]);
    expect(r.batches.every((batch) => batch.length <= 2)).to.equal(true);
  });

  it('when a flush is running then the next events wait and go out together in the following flush', async () => {
    const r = recorder({ delayMs: 30 });
    const b = new Batcher<Item>({ maxEvents: 100, flushMs: 0, flush: r.flush });
    const first = b.add(items(1));
    await new Promise((res) => setTimeout(res, 5));
    await Promise.all([first, b.add(items(2)), b.add(items(3))]);
    expect(r.batches).to.deep.equal([[1], [2, 3]]);
  });

  it('when an item of a job fails then only that job rejects and the others resolve', async () => {
    const r = recorder({ fail: (i) => i.n === 2 });
    const b = new Batcher<Item>({ maxEvents: 100, flushMs: 5, flush: r.flush });
    const results = await Promise.allSettled([b.add(items(1)), b.add(items(2, 3)), b.add(items(4))]);
    expect(results.map((x) => x.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    const rejected = results[1];
    expect(rejected.status === 'rejected' && (rejected.reason as Error).message).to.equal('bad 2');
  });

  it('when flush throws then every job of that batch rejects', async () => {
    const b = new Batcher<Item>({ maxEvents: 100, flushMs: 1, flush: () => Promise.reject(new Error('down')) });
    const results = await Promise.allSettled([b.add(items(1)), b.add(items(2))]);
    expect(results.map((x) => x.status)).to.deep.equal(['rejected', 'rejected']);
  });

  it('when closed then pending events are flushed first and later adds are refused', async () => {
    const r = recorder();
    const b = new Batcher<Item>({ maxEvents: 100, flushMs: 60_000, flush: r.flush });
    const pending = b.add(items(1, 2));
    await b.close();
    await pending;
    expect(r.batches).to.deep.equal([[1, 2]]);
    const err = await b.add(items(3)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
  });

  it('when a job has no events then it resolves at once without a flush', async () => {
    const r = recorder();
    const b = new Batcher<Item>({ maxEvents: 100, flushMs: 1, flush: r.flush });
    await b.add([]);
    expect(r.batches).to.deep.equal([]);
  });
});
