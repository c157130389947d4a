import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import fc from 'fast-check';
import { bodyBreak } from '../../fuzz/bodies.js';
import { anyJson, deepJson, obj, oddString, toJsonText, type Json } from '../../fuzz/json.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { segmentPost, track } from './client.js';

/** A message near a real one: a track message with some members replaced by odd values. */
function oddMessage(): fc.Arbitrary<Json> {
  const member = fc.constantFrom('type', 'messageId', 'anonymousId', 'userId', 'event', 'timestamp', 'sentAt', 'context', 'properties', '__proto__');
  return fc.tuple(fc.array(fc.tuple(member, fc.oneof(anyJson, deepJson)), { maxLength: 3 })).map(([odd]) => {
    const base = Object.entries(track()) as [string, Json][];
    return obj([...base, ...odd]);
  });
}

describe('segment: no client input causes a 5xx', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_KEY: '0' } });
  });
  after(async () => {
    await h.close();
  });

  it('when odd batches, messages, keys and bodies are posted to the Segment routes then every answer is a 2xx or 4xx in JSON', async () => {
    const body = fc.oneof(
      oddMessage().map((m) => obj([['batch', [m]]])),
      fc.tuple(fc.array(oddMessage(), { maxLength: 5 }), oddString(10)).map(([batch, sentAt]) => obj([['batch', batch], ['sentAt', sentAt]])),
      anyJson,
      deepJson,
    );
    const request = fc.record({
      path: fc.constantFrom('/batch', '/b', '/t', '/track', '/page', '/m'),
      body,
      broken: bodyBreak,
      gzip: fc.boolean(),
      key: fc.constantFrom('good', 'none', 'junk', 'body'),
      origin: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let text = toJsonText(r.body);
        if (r.key === 'body' && text.startsWith('{') && text.length > 2) text = `{"writeKey":${JSON.stringify(h.project.writeKey)},${text.slice(1)}`;
        let bytes: Uint8Array = r.broken(Buffer.from(text));
        if (r.gzip) bytes = gzipSync(bytes);
        const answer = await segmentPost(h, r.path, bytes, {
          key: r.key === 'good' ? h.project.writeKey : r.key === 'junk' ? 'cpw_x\u00e9' : undefined,
          contentEncoding: r.gzip ? 'gzip' : undefined,
          origin: r.origin ? SHOP : undefined,
        });
        expect(answer.status, JSON.stringify(answer.json)).to.be.below(500);
        if (answer.status >= 400) expect(answer.json.code).to.be.a('string');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});
