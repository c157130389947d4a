import { expect } from 'chai';
import fc from 'fast-check';
import {
  backoffMs,
  bound,
  chunk,
  envelope,
  MAX_REQUEST_BYTES,
  merge,
  outcome,
  parseQueue,
  utf8Length,
  type QueuedEvent,
} from '../../../tracker/src/core/queue.js';

const KEY = 'cpw_0123456789abcdef0123456789abcdef';
const ev = (i: number, pad = 0): QueuedEvent => ({ id: `id-${i}`, type: 'custom', ts: 1000 + i, name: 'x'.repeat(pad) });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('tracker: the outgoing queue', () => {
  it('when strings hold multi-byte characters then utf8Length matches Buffer.byteLength', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === Buffer.byteLength(s, 'utf8')));
  });

  it('when the queue is over its bounds then the newest events are kept in order', () => {
    const events = Array.from({ length: 30 }, (_, i) => ev(i));
    expect(bound(events, 10).map((e) => e.id)).to.deep.equal(events.slice(20).map((e) => e.id));
    const big = Array.from({ length: 10 }, (_, i) => ev(i, 1000));
    const kept = bound(big, 500, 3500);
    expect(kept.map((e) => e.id)).to.deep.equal(['id-7', 'id-8', 'id-9']);
    expect(bytes(JSON.stringify(kept))).to.be.at.most(3500);
  });

  it('when tabs merge their queues then each id is kept once, acknowledged ones leave, oldest first', () => {
    const stored = [ev(3), ev(1), ev(2)];
    const mine = [ev(2), ev(4)];
    expect(merge(stored, mine, new Set(['id-1'])).map((e) => e.id)).to.deep.equal(['id-2', 'id-3', 'id-4']);
    expect(merge(Array.from({ length: 600 }, (_, i) => ev(i)), [], new Set())).to.have.length(500);
  });

  it('when the stored queue is unreadable then it counts as empty', () => {
    expect(parseQueue(null)).to.deep.equal([]);
    expect(parseQueue('{not json')).to.deep.equal([]);
    expect(parseQueue('{"a":1}')).to.deep.equal([]);
    expect(parseQueue(JSON.stringify([ev(1), { id: 2 }, null]))).to.deep.equal([ev(1)]);
  });

  it('when events are chunked then every request body is at most 60 KB and all events go, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9000), fc.constantFrom('a', 'é', '漢', '😀')), { maxLength: 120 }), (specs) => {
        const events = specs.map(([n, c], i): QueuedEvent => ({ id: `id-${i}`, type: 'custom', ts: i, name: c.repeat(n) }));
        const chunks = chunk(KEY, events);
        for (const c of chunks) {
          expect(c.length).to.be.greaterThan(0);
          expect(bytes(envelope(KEY, c, Date.now()))).to.be.at.most(MAX_REQUEST_BYTES);
        }
        expect(chunks.flat().map((e) => e.id)).to.deep.equal(events.map((e) => e.id));
      }),
      { numRuns: 200 },
    );
  });

  it('when one event alone exceeds a request then it is dropped, and the count cap splits too', () => {
    const events = [ev(1), ev(2, 70_000), ev(3)];
    expect(chunk(KEY, events).flat().map((e) => e.id)).to.deep.equal(['id-1', 'id-3']);
    expect(chunk(KEY, Array.from({ length: 1200 }, (_, i) => ev(i)), 10_000_000).map((c) => c.length)).to.deep.equal([500, 500, 200]);
    const exact = chunk(KEY, Array.from({ length: 100 }, (_, i) => ev(i, 1000)));
    for (const c of exact) expect(bytes(envelope(KEY, c, 1e12))).to.be.at.most(MAX_REQUEST_BYTES);
  });

  it('when an answer comes then 2xx and client errors end the batch, the rest retry', () => {
    expect([200, 202, 400, 401, 403, 413].map(outcome)).to.deep.equal(['done', 'done', 'done', 'done', 'done', 'done']);
    expect([0, 408, 429, 500, 503].map(outcome)).to.deep.equal(['retry', 'retry', 'retry', 'retry', 'retry']);
  });

  it('when retries repeat then the wait grows, is capped, and honours Retry-After', () => {
    expect(backoffMs(1, undefined, 1)).to.equal(2000);
    expect(backoffMs(1, undefined, 0)).to.equal(1000);
    expect(backoffMs(30, undefined, 1)).to.equal(300_000);
    expect(backoffMs(1, 5, 0)).to.equal(5000);
  });
});
