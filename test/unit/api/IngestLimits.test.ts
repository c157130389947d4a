import { expect } from 'chai';
import { IngestLimits } from '../../../api/ingest/IngestLimits.js';
import { RateLimitedError, type RateCheck, type RateSubject } from '../../../api/ingest/RateLimiter.js';

/** Refuses the key `over` and the IP `192.0.2.66`; records each batch it was asked about. */
class FakeLimiter implements RateCheck {
  calls: RateSubject[][] = [];
  check(subjects: readonly RateSubject[]): Promise<(RateLimitedError | undefined)[]> {
    this.calls.push([...subjects]);
    return Promise.resolve(
      subjects.map((s) => {
        if (s.kind === 'key') return s.key === 'over' ? new RateLimitedError('key', s.field) : undefined;
        return s.ip === '192.0.2.66' ? new RateLimitedError('ip', 'ip') : undefined;
      }),
    );
  }
}

describe('IngestLimits', () => {
  it('when checks of both kinds arrive in the same tick then they go to the limiter in one batch, each with its verdict', async () => {
    const limiter = new FakeLimiter();
    const limits = new IngestLimits(limiter);
    const results = await Promise.allSettled([
      limits.arrival('192.0.2.1'),
      limits.arrival('192.0.2.66'),
      limits.key('ok', 'x-cuepoint-key'),
      limits.key('over', 'authorization'),
    ]);
    expect(limiter.calls).to.have.length(1);
    expect(limiter.calls[0]).to.deep.equal([
      { kind: 'ip', ip: '192.0.2.1' },
      { kind: 'ip', ip: '192.0.2.66' },
      { kind: 'key', key: 'ok', field: 'x-cuepoint-key' },
      { kind: 'key', key: 'over', field: 'authorization' },
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as RateLimitedError] : []));
    expect(refusals.map((e) => [e.limit, e.field])).to.deep.equal([
      ['ip', 'ip'],
      ['key', 'authorization'],
    ]);
  });

  it('when the socket is gone and there is no IP then the arrival is not counted at all', async () => {
    const limiter = new FakeLimiter();
    await new IngestLimits(limiter).arrival(undefined);
    expect(limiter.calls).to.deep.equal([]);
  });

  it('when the limiter cannot reach Redis then the requests go on unchecked (the enqueue answers for the outage)', async () => {
    const limits = new IngestLimits({ check: () => Promise.reject(new Error("Stream isn't writeable")) });
    await Promise.all([limits.arrival('192.0.2.66'), limits.key('over', 'key')]);
  });

  it('when the limiter answers only after the timeout then the request goes on unchecked, in time', async () => {
    const limits = new IngestLimits({ check: () => new Promise(() => undefined) }, { timeoutMs: 30 });
    const started = Date.now();
    await limits.key('over', 'key');
    expect(Date.now() - started).to.be.below(500);
  });
});
