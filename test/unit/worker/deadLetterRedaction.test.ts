import { expect } from 'chai';
import { redactPayload } from '../../../worker/deadLetterRedaction.js';

describe('dead letter redaction', () => {
  const payload = {
    v: 1,
    projectId: 'p',
    queryAllowlist: ['variant'],
    events: [
      {
        id: 'e1',
        type: 'page_view',
        url: 'https://shop.example/thanks?email=a%40b.example&variant=blue&utm_source=ad#frag',
        referrer: 'https://search.example/?q=secret+words',
      },
      { id: 'e2', type: 'impression', url: 'javascript:alert(1)'.padEnd(200, 'x') },
      'not an object',
    ],
  };

  it('when a letter holds page addresses then only what a stored event keeps remains', () => {
    const events = redactPayload(payload).events as Record<string, unknown>[];
    expect(events[0]).to.include({ id: 'e1', url: 'https://shop.example/thanks?variant=blue&utm_source=ad', referrer: 'https://search.example/' });
  });

  it('when an address is not http(s) then only its first 64 characters are kept', () => {
    const events = redactPayload(payload).events as Record<string, unknown>[];
    expect(String(events[1]?.url)).to.have.length(64);
    expect(events[2]).to.equal('not an object');
  });

  it('when the payload has no event list then it is kept as it is', () => {
    const other = { encoding: 'base64', data: 'abc' };
    expect(redactPayload(other)).to.equal(other);
  });

  it('when a payload is redacted then the original is left untouched', () => {
    redactPayload(payload);
    expect(payload.events[0]).to.include({ referrer: 'https://search.example/?q=secret+words' });
  });
});
