import { expect } from 'chai';
import { segmentField } from '../../../../api/segment/fieldOrigins.js';

describe('Segment field origins', () => {
  const origins = { ts: 'originalTimestamp', props: 'properties', 'props.name': 'name', url: 'context.page.url' };

  it('when an event field has an origin then the Segment field is named, the longest matching prefix winning', () => {
    expect(segmentField(origins, 'ts')).to.equal('originalTimestamp');
    expect(segmentField(origins, 'props.plan.tier')).to.equal('properties.plan.tier');
    expect(segmentField(origins, 'props.name')).to.equal('name');
  });

  it('when a field only starts with the same letters as an origin then it is not taken for it', () => {
    expect(segmentField(origins, 'urlHash')).to.equal('urlHash');
    expect(segmentField(origins, 'propsX.a')).to.equal('propsX.a');
  });
});
