import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { looksSecretName, nameWords, redactCardNumbers, redactEmails, redactSsns, redactValue, REDACTED, scrubFormValues } from '../../../api/ingest/privacy.js';
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

const valuesOf = (e: IngestEvent) => (e as { values?: Record<string, string> }).values;

describe('form privacy', () => {
  it('when a field is not allowlisted then its value is dropped', () => {
    const out = scrubFormValues(form({ plan: 'pro', city: 'Berlin' }), new Set(['plan']));
    expect(valuesOf(out)).to.deep.equal({ plan: 'pro' });
  });

  it('when no value survives then the values member is removed altogether', () => {
    const out = scrubFormValues(form({ city: 'Berlin' }), new Set());
    expect(out).to.not.have.property('values');
    expect(out).to.deep.include({ fields: ['city'] });
  });

  it('when an allowlisted field is named like a credential or identifier then its whole value becomes [REDACTED]', () => {
    const out = scrubFormValues(form({ userPassword: 'hunter2', card_number: '4111', plan: 'pro' }), new Set(['userPassword', 'card_number', 'plan']));
    expect(valuesOf(out)).to.deep.equal({ userPassword: REDACTED, card_number: REDACTED, plan: 'pro' });
  });

  it('when a name holds a credential word in snake, camel, kebab or acronym form then it is recognized', () => {
    const secret = [
      'password', 'Passwd', 'user_pwd', 'clientSecret', 'csrf_token', 'PASSCODE', 'newpassword', 'apiToken', 'card_number', 'cardNumber',
      'creditcard', 'cvv', 'CVV2', 'card-cvc', 'ssn', 'userSSN', 'iban', 'IBANCode', 'pin', 'pin_code', 'userPin', 'PIN', 'old-pass',
    ];
    for (const name of secret) expect(looksSecretName(name), name).to.equal(true);
  });

  it('when a name merely contains the letters of a short credential word then it is not taken for one', () => {
    for (const name of ['spinach', 'shipping', 'opinion', 'cardigan', 'discard', 'passenger', 'compass', 'lesson', 'plan', 'email', 'pinned_note', 'cvvx']) {
      expect(looksSecretName(name), name).to.equal(false);
    }
  });

  it('when a name is split into words then camel, acronym and digit boundaries separate them', () => {
    expect(nameWords('userPIN_code2')).to.deep.equal(['user', 'pin', 'code', '2']);
    expect(nameWords('IBANCode')).to.deep.equal(['iban', 'code']);
  });

  it('when a value holds a Luhn-valid card number with spaces or dashes then only that number becomes [REDACTED]', () => {
    expect(redactCardNumbers('4111111111111111')).to.equal(REDACTED);
    expect(redactCardNumbers('4111 1111 1111 1111')).to.equal(REDACTED);
    expect(redactCardNumbers('4111-1111-1111-1111')).to.equal(REDACTED);
    expect(redactCardNumbers('amex 378282246310005 ok')).to.equal(`amex ${REDACTED} ok`);
    expect(redactCardNumbers('card: 5555 5555 5555 4444 thanks')).to.equal(`card: ${REDACTED} thanks`);
    // 19 digits, the longest card numbers.
    expect(redactCardNumbers('6304000000000000000 x')).to.equal(`${REDACTED} x`);
  });

  it('when a card number is followed by more digit groups then the number is still found and the rest kept', () => {
    expect(redactCardNumbers('4111 1111 1111 1111 2029')).to.equal(`${REDACTED} 2029`);
  });

  it('when two card numbers are typed in one run then both become [REDACTED]', () => {
    expect(redactCardNumbers('4111 1111 1111 1111 5555 5555 5555 4444')).to.equal(`${REDACTED} ${REDACTED}`);
    expect(redactCardNumbers('12 4111-1111-1111-1111-378282246310005-7')).to.equal(`12 ${REDACTED} ${REDACTED} 7`);
  });

  it('when digits fail Luhn or are too short or too long then they stay', () => {
    for (const v of ['4111111111111112', '4111 1111 1111 1112', '12345', '2024-01-01', '+49 30 1234567', '411111111111', '41111111111111111111111']) {
      expect(redactCardNumbers(v), v).to.equal(v);
    }
  });

  it('when a value holds ddd-dd-dddd then it becomes [REDACTED], and an order number like 123-45-67890 stays', () => {
    expect(redactSsns('ssn 078-05-1120 here')).to.equal(`ssn ${REDACTED} here`);
    for (const v of ['123-45-67890', '1123-45-6789', '123-456-7890', '123-45-6789-1', '12-345-6789']) expect(redactSsns(v), v).to.equal(v);
  });

  it('when a value holds e-mail addresses then each becomes [REDACTED]', () => {
    expect(redactEmails('write to jane.doe+x@mail.example.org or a@b.io')).to.equal(`write to ${REDACTED} or ${REDACTED}`);
    expect(redactEmails('@handle and a@b')).to.equal('@handle and a@b');
  });

  it('when redaction makes a value longer than the contract cap then it is cut to the cap', () => {
    const many = Array.from({ length: 50 }, () => 'a@b.c').join(' ');
    const out = redactValue('note', many);
    expect(out.length).to.equal(256);
    expect(out).to.not.include('@');
  });

  it('when any allowlist and values are given then every surviving value is allowlisted and holds nothing a pattern finds', () => {
    const secretish = fc.constantFrom('4111 1111 1111 1111', '078-05-1120', 'x@y.io', 'plain', '4111111111111112');
    const value = fc.array(fc.oneof(fc.string({ maxLength: 12 }), secretish), { maxLength: 4 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), value), fc.array(fc.string({ maxLength: 12 })), (values, allow) => {
        const out = valuesOf(scrubFormValues(form(values), new Set(allow)));
        for (const [name, kept] of Object.entries(out ?? {})) {
          expect(allow).to.include(name);
          expect(redactEmails(redactSsns(redactCardNumbers(kept)))).to.equal(kept);
          if (looksSecretName(name)) expect(kept).to.equal(REDACTED);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('when the event is not a form_submit then it is returned untouched', () => {
    const event: IngestEvent = { id: randomUUID(), type: 'custom', ts: 0, visitorId: randomUUID(), sessionId: randomUUID(), name: 'x', values: { a: 'b' } };
    expect(scrubFormValues(event, new Set())).to.equal(event);
  });
});
