import { expect } from 'chai';
import { z } from 'zod';
import { firstInputIssue, inputIssues } from '../../../shared/inputIssues.js';

const Schema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  origins: z.array(z.url()).optional(),
  limits: z.object({ perKey: z.number() }).optional(),
});

function first(input: unknown) {
  const parsed = Schema.safeParse(input);
  if (parsed.success) throw new Error('expected a problem');
  return firstInputIssue(parsed.error, input);
}

describe('input issues', () => {
  it('when a field is absent then it is required, at any depth', () => {
    expect(first({})).to.deep.equal({ field: 'name', reason: 'is required', unknownField: false });
    expect(first({ name: 'x', limits: {} })).to.deep.equal({ field: 'limits.perKey', reason: 'is required', unknownField: false });
  });

  it('when a field is present with the wrong type or null then the schema says what is wrong, never "is required"', () => {
    for (const name of [5, null, ['x']]) {
      const issue = first({ name });
      expect(issue?.field).to.equal('name');
      expect(issue?.reason, JSON.stringify(name)).to.match(/expected string/).and.not.equal('is required');
    }
  });

  it('when a value breaks a rule then the rule’s message is the reason and the path names the element', () => {
    expect(first({ name: '' })).to.deep.equal({ field: 'name', reason: 'must not be empty', unknownField: false });
    expect(first({ name: 'x', origins: ['https://a.example', 'nope'] })?.field).to.equal('origins.1');
  });

  it('when a field is unknown then it is named and marked for the caller to word', () => {
    expect(first({ name: 'x', colour: 'red' })).to.deep.equal({ field: 'colour', reason: 'is not a known field', unknownField: true });
  });

  it('when a name is only inherited (constructor, toString) then it still counts as missing', () => {
    const Inherited = z.object({ toString: z.string() });
    const input = {};
    const parsed = Inherited.safeParse(input);
    expect(parsed.success).to.equal(false);
    if (!parsed.success) expect(firstInputIssue(parsed.error, input)?.reason).to.equal('is required');
  });

  it('when the whole input is missing or of the wrong kind then the field is empty', () => {
    expect(first(undefined)).to.deep.include({ field: '', reason: 'is required' });
    expect(first('hello')).to.deep.include({ field: '' }).and.not.deep.include({ reason: 'is required' });
  });

  it('when several things are wrong then every one is listed in order', () => {
    const input = { name: 5, colour: 'red' };
    const parsed = Schema.safeParse(input);
    expect(parsed.success).to.equal(false);
    if (!parsed.success) expect(inputIssues(parsed.error, input).map((i) => i.field)).to.deep.equal(['name', 'colour']);
  });
});
