import { expect } from 'chai';
import fc from 'fast-check';
import { v5 } from 'uuid';
import { uuidV5 } from '../../../../api/segment/uuidV5.js';

describe('uuidV5', () => {
  it('when any name is hashed in any namespace then the id is the uuid package’s v5', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), fc.uuid(), (name, namespace) => {
        expect(uuidV5(name, namespace)).to.equal(v5(name, namespace));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it('when the namespace is upper case or the nil UUID then the id is still the uuid package’s', () => {
    for (const namespace of ['6BA7B810-9DAD-11D1-80B4-00C04FD430C8', '00000000-0000-0000-0000-000000000000']) {
      expect(uuidV5('message-1', namespace)).to.equal(v5('message-1', namespace));
    }
  });

  it('when the namespace is not a UUID then it is refused as the uuid package refuses it', () => {
    expect(() => v5('a', 'project-1')).to.throw(TypeError);
    expect(() => uuidV5('a', 'project-1')).to.throw(TypeError);
  });
});
