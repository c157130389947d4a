import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { visitorHash } from '../../../shared/erasure/visitorHash.js';
import { withoutVisitorEvents } from '../../../worker/maintenance/deadLetterPayload.js';

describe('erasure: dead letter payloads and tombstone hashes', () => {
  const x = randomUUID();
  const y = randomUUID();

  it('when a v1 letter holds only the visitor\'s events then nothing remains, whatever the id\'s case', () => {
    const stripped = withoutVisitorEvents({ v: 1, events: [{ visitorId: x.toUpperCase() }, { visitorId: x }] }, x);
    expect(stripped).to.deep.equal({ payload: { v: 1, events: [] }, removed: 2, remaining: 0 });
  });

  it('when a bundle mixes visitors then only the other visitor\'s events stay, in place', () => {
    const payload = { v: 2, requests: [{ events: [{ visitorId: x, id: 1 }, { visitorId: y, id: 2 }] }, { events: [{ visitorId: y, id: 3 }] }] };
    const stripped = withoutVisitorEvents(payload, x);
    expect(stripped.payload).to.deep.equal({ v: 2, requests: [{ events: [{ visitorId: y, id: 2 }] }, { events: [{ visitorId: y, id: 3 }] }] });
    expect([stripped.removed, stripped.remaining]).to.deep.equal([1, 2]);
  });

  it('when the hash is taken then it is SHA-256 hex of project:visitor, lowercased, and differs per project', () => {
    const p = randomUUID();
    expect(visitorHash(p.toUpperCase(), x.toUpperCase())).to.equal(visitorHash(p, x)).and.match(/^[0-9a-f]{64}$/);
    expect(visitorHash(randomUUID(), x)).to.not.equal(visitorHash(p, x));
  });
});
