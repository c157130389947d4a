import { expect } from 'chai';
import { retryTransient } from '../../../../worker/persist/retry.js';

function withCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('persist: retryTransient', () => {
  it('when the call fails transiently a few times then it is retried with doubling, capped delays until it succeeds', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await retryTransient(
      () => {
        calls++;
        return calls < 5 ? Promise.reject(withCode('ECONNREFUSED')) : Promise.resolve('ok');
      },
      { initialBackoffMs: 1, maxBackoffMs: 4, onRetry: (_e, _a, d) => delays.push(d) },
    );
    expect(result).to.equal('ok');
    expect(delays).to.deep.equal([1, 2, 4, 4]);
  });

  it('when the call fails permanently then the error is thrown at once', async () => {
    let calls = 0;
    const err = await retryTransient(
      () => {
        calls++;
        return Promise.reject(withCode('22003'));
      },
      { maxBackoffMs: 10 },
    ).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error).with.property('code', '22003');
    expect(calls).to.equal(1);
  });
});
