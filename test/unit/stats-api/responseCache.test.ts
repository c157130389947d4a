import { expect } from 'chai';
import { ResponseCache } from '../../../api/stats/responseCache.js';

describe('stats: response cache', () => {
  it('when a tag was computed then the next request for it is served without computing', async () => {
    const cache = new ResponseCache(1000);
    let runs = 0;
    const compute = () => {
      runs += 1;
      return Promise.resolve('{"a":1}');
    };
    expect(await cache.get('"t1"', compute)).to.equal('{"a":1}');
    expect(await cache.get('"t1"', compute)).to.equal('{"a":1}');
    expect(runs).to.equal(1);
  });

  it('when requests for one tag arrive together then they share one computation', async () => {
    const cache = new ResponseCache(1000);
    let runs = 0;
    let release: (body: string) => void = () => undefined;
    const compute = () => {
      runs += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const answers = Promise.all([cache.get('"t"', compute), cache.get('"t"', compute), cache.get('"t"', compute)]);
    release('{}');
    expect(await answers).to.deep.equal(['{}', '{}', '{}']);
    expect(runs).to.equal(1);
  });

  it('when a computation fails then every waiter gets the error and nothing is kept', async () => {
    const cache = new ResponseCache(1000);
    const failing = () => Promise.reject(new Error('database down'));
    const results = await Promise.allSettled([cache.get('"t"', failing), cache.get('"t"', failing)]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    expect(cache.count).to.equal(0);
    expect(await cache.get('"t"', () => Promise.resolve('ok'))).to.equal('ok');
  });

  it('when the size bound is reached then the least recently used bodies go first', async () => {
    const cache = new ResponseCache(100);
    const body = (c: string) => () => Promise.resolve(c.repeat(20));
    await cache.get('a', body('a'));
    await cache.get('b', body('b'));
    await cache.get('c', body('c'));
    await cache.get('d', body('d'));
    await cache.get('a', body('x')); // a is used again: b is now the oldest
    await cache.get('e', body('e'));
    await cache.get('f', body('f'));
    expect(cache.count).to.equal(5);
    expect(await cache.get('a', body('x'))).to.equal('a'.repeat(20));
    expect(await cache.get('b', body('y'))).to.equal('y'.repeat(20));
  });

  it('when a body is over a quarter of the bound then it is served but not kept', async () => {
    const cache = new ResponseCache(100);
    expect(await cache.get('big', () => Promise.resolve('x'.repeat(26)))).to.have.length(26);
    expect(cache.count).to.equal(0);
  });
});
