import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { looksLikeCardNumber, looksLikeEmail, looksSecretName, scrubFormValues } from '../../../api/ingest/privacy.js';
import type { IngestEvent } from '../../../shared/events/schema.js';

function form(values: Record<string, string> | undefined): IngestEvent {
  return {
    id: randomUUID(),
    type: 'form_submit',
    ts: 0,
    visitorId: randomUUID(),
    sessionId: randomUUID(),
    formId: 'f',
    fields: Object.keys(values ?? {}),
    outcome: 'ok',
    ...(values ? { values } : {}),
  };
}

describe('form privacy', () => {
  it('when a field is not allowlisted then its value is dropped', () => {
    const out = scrubFormValues(form({ plan: 'pro', city: 'Berlin' }), new Set(['plan']));
    expect(out).to.deep.include({ values: { plan: 'pro' } });
  });

  it('when no value survives then the values member is removed altogether', () => {
    const out = scrubFormValues(form({ city: 'Berlin' }), new Set());
    expect(out).to.not.have.property('values');
    expect(out).to.deep.include({ fields: ['city'] });
  });

  it('when an allowlisted field is named like a credential then its value is dropped', () => {
    for (const name of ['password', 'Passwd', 'user_pwd', 'clientSecret', 'csrf_token', 'PASSCODE']) expect(looksSecretName(name), name).to.equal(true);
    expect(looksSecretName('plan')).to.equal(false);
  });

  it('when a value is a Luhn-valid card number with spaces or dashes then it is recognized', () => {
    for (const v of ['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '378282246310005', 'card: 5555 5555 5555 4444 thanks']) {
      expect(looksLikeCardNumber(v), v).to.equal(true);
    }
    for (const v of ['4111111111111112', '12345', '2024-01-01', '+49 30 1234567']) expect(looksLikeCardNumber(v), v).to.equal(false);
  });

  it('when a value holds an e-mail address then it is recognized', () => {
    expect(looksLikeEmail('a@b.co')).to.equal(true);
    expect(looksLikeEmail('write to jane.doe+x@mail.example.org')).to.equal(true);
    expect(looksLikeEmail('@handle')).to.equal(false);
  });

  it('when any allowlist and values are given then a surviving value is allowlisted and not sensitive', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })), fc.array(fc.string({ maxLength: 12 })), (values, allow) => {
        const out = scrubFormValues(form(values), new Set(allow)) as { values?: Record<string, string> };
        for (const [name, value] of Object.entries(out.values ?? {})) {
          expect(allow).to.include(name);
          expect(looksSecretName(name) || looksLikeCardNumber(value) || looksLikeEmail(value)).to.equal(false);
        }
      }),
    );
  });

  it('when the event is not a form_submit then it is returned untouched', () => {
    const event: IngestEvent = { id: randomUUID(), type: 'custom', ts: 0, visitorId: randomUUID(), sessionId: randomUUID(), name: 'x', values: { a: 'b' } };
    expect(scrubFormValues(event, new Set())).to.equal(event);
  });
});
