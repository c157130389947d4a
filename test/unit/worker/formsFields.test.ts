import { expect } from 'chai';
import { storedFields } from '../../../worker/persist/facts/forms.js';

describe('forms: fields as stored', () => {
  it('when fields are names or objects then each gets a name, a type and a length, and a value only if one was kept', () => {
    expect(
      storedFields({
        fields: ['plan', { name: 'email', type: 'email', length: 17 }, { name: 'pwd', type: 'password' }],
        values: { plan: 'pro' },
      }),
    ).to.deep.equal([
      { name: 'plan', type: null, length: null, value: 'pro' },
      { name: 'email', type: 'email', length: 17 },
      { name: 'pwd', type: 'password', length: null },
    ]);
  });

  it('when a hand-made job carries malformed fields then they are skipped or bounded instead of failing the write', () => {
    expect(storedFields({ fields: [42, { type: 'text' }, { name: 'a', length: -1 }, { name: 'b', length: 1.5 }, { name: 'c', type: 'x'.repeat(100) }] })).to.deep.equal([
      { name: 'a', type: null, length: null },
      { name: 'b', type: null, length: null },
      { name: 'c', type: 'x'.repeat(64), length: null },
    ]);
    expect(storedFields(null)).to.deep.equal([]);
  });

  it('when a value comes for a field the list leaves out then it is kept beside the listed ones', () => {
    expect(storedFields({ fields: ['a'], values: { b: 'B' } })).to.deep.equal([
      { name: 'a', type: null, length: null },
      { name: 'b', type: null, length: null, value: 'B' },
    ]);
  });
});
