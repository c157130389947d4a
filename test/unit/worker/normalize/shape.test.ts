import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { checkShape } from '../../../../worker/normalize/shape.js';
import { baseEvent, IDS } from '../fixtures.js';

describe('normalize: shape', () => {
  it('when the base fields are present then ids come back lowercased with the type and ts', () => {
    const shape = checkShape(baseEvent('impression', { id: IDS.event.toUpperCase() }));
    expect(shape).not.to.be.instanceOf(ToDeadLetter);
    if (shape instanceof ToDeadLetter) return;
    expect(shape.id).to.equal(IDS.event);
    expect(shape.type).to.equal('impression');
    expect(shape.visitorId).to.equal(IDS.visitor);
  });

  it('when the event is not an object then it goes to dead letters as malformed', () => {
    for (const raw of [null, 'x', 42, [baseEvent('impression')]]) {
      expect(checkShape(raw)).to.deep.equal(new ToDeadLetter('malformed', ''));
    }
  });

  it('when the type is unknown then it goes to dead letters as unknown_type', () => {
    expect(checkShape(baseEvent('teleport'))).to.deep.equal(new ToDeadLetter('unknown_type', 'type'));
  });

  it('when an id is not a UUID then the field is named in the drop', () => {
    expect(checkShape(baseEvent('impression', { visitorId: 'abc' }))).to.deep.equal(new ToDeadLetter('malformed', 'visitorId'));
    expect(checkShape(baseEvent('impression', { ts: true }))).to.deep.equal(new ToDeadLetter('malformed', 'ts'));
  });
});
