import { expect } from 'chai';
import { FunnelGate, FUNNEL_RETRY_AFTER_SECONDS } from '../../../api/stats/funnelGate.js';
import { HttpError } from '../../../api/http/errors.js';

/** A piece of work that ends when told to. */
function pending(): { promise: Promise<string>; finish: () => void } {
  let finish!: () => void;
  const promise = new Promise<string>((resolve) => (finish = () => resolve('done')));
  return { promise, finish };
}

async function refusal(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('stats: the funnel gate', () => {
  it('when a project has a funnel under way then its second one is refused 429 with Retry-After, and accepted once the first ends', async () => {
    const gate = new FunnelGate(2);
    const first = pending();
    const running = gate.run('p1', () => first.promise);
    const refused = await refusal(gate.run('p1', () => Promise.resolve('second')));
    expect([refused.status, refused.code]).to.deep.equal([429, 'funnel_busy']);
    expect(refused.options.headers).to.deep.equal({ 'Retry-After': String(FUNNEL_RETRY_AFTER_SECONDS) });
    first.finish();
    expect(await running).to.equal('done');
    expect(await gate.run('p1', () => Promise.resolve('again'))).to.equal('again');
  });

  it('when the process computes its maximum then a third project waits its turn, and a failed funnel frees its slot', async () => {
    const gate = new FunnelGate(2);
    const a = pending();
    const b = pending();
    const runs = [gate.run('p1', () => a.promise), gate.run('p2', () => b.promise)];
    expect((await refusal(gate.run('p3', () => Promise.resolve('x')))).status).to.equal(429);
    a.finish();
    b.finish();
    await Promise.all(runs);
    expect(await refusal(gate.run('p3', () => Promise.reject(new HttpError(400, 'invalid_parameter', 'bad'))))).to.have.property('code', 'invalid_parameter');
    expect(await gate.run('p3', () => Promise.resolve('free'))).to.equal('free');
  });
});
