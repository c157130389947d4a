import { expect } from 'chai';
import { Drop } from '../../../../worker/normalize/drop.js';
import { checkShape } from '../../../../worker/normalize/shape.js';
import { baseEvent, IDS } from '../fixtures.js';

describe('normalize: shape', () => {
  it('when the base fields are present then ids come back lowercased with the type and ts', () => {
    const shape = checkShape(baseEvent('impression', { id: IDS.event.toUpperCase() }));
    expect(shape).not.to.be.instanceOf(Drop);
    if (shape instanceof Drop) return;
    expect(shape.id).to.equal(IDS.event);
    expect(shape.type).to.equal('impression');
    expect(shape.visitorId).to.equal(IDS.visitor);
  });

  it('when the event is not an object then it is dropped as malformed', () => {
    for (const raw of [null, 'x', 42, [baseEvent('impression')]]) {
      expect(checkShape(raw)).to.deep.equal(new Drop('malformed', ''));
    }
  });

  it('when the type is unknown then it is dropped as unknown_type', () => {
    expect(checkShape(baseEvent('teleport'))).to.deep.equal(new Drop('unknown_type', 'type'));
  });

  it('when an id is not a UUID then the field is named in the drop', () => {
    expect(checkShape(baseEvent('impression', { visitorId: 'abc' }))).to.deep.equal(new Drop('malformed', 'visitorId'));
    expect(checkShape(baseEvent('impression', { ts: true }))).to.deep.equal(new Drop('malformed', 'ts'));
  });
});
