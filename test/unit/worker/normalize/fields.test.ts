import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { extractFields, type ExtractedFields } from '../../../../worker/normalize/fields.js';
import { checkShape } from '../../../../worker/normalize/shape.js';
import { baseEvent, IDS } from '../fixtures.js';

function extract(raw: Record<string, unknown>): ExtractedFields | ToDeadLetter {
  const shape = checkShape(raw);
  if (shape instanceof ToDeadLetter) throw new Error('bad fixture');
  return extractFields(shape);
}

function fields(raw: Record<string, unknown>): ExtractedFields {
  const f = extract(raw);
  if (f instanceof ToDeadLetter) throw new Error(`unexpected dead letter: ${f.describe()}`);
  return f;
}

describe('normalize: fields', () => {
  it('when a click names a choice then video, slot, play, target, label and to-slot fill their columns', () => {
    const f = fields(
      baseEvent('click', { videoId: 'v1', slotId: 's1', playId: IDS.play.toUpperCase(), target: 'choice', label: 'Red', toSlotId: 's2' }),
    );
    expect(f.columns).to.include({ video_id: 'v1', slot_id: 's1', play_id: IDS.play, target: 'choice', label: 'Red', to_slot_id: 's2' });
    expect(f.props).to.equal(null);
  });

  it('when a conversion has a value then the value, currency, type and order id fill their columns', () => {
    const f = fields(baseEvent('conversion', { conversionType: 'purchase', value: 19.99, currency: 'EUR', orderId: 'A-1' }));
    expect(f.columns).to.include({ conversion_type: 'purchase', value: 19.99, currency: 'EUR', order_id: 'A-1' });
  });

  it('when an event has unknown fields then they go to props', () => {
    const f = fields(baseEvent('video_progress', { videoId: 'v', slotId: 's', playId: IDS.play, percent: 50, quality: '1080p', extra: { a: 1 } }));
    expect(f.columns.percent).to.equal(50);
    expect(f.props).to.deep.equal({ quality: '1080p', extra: { a: 1 } });
  });

  it('when a field belongs to another type then it is unknown here and kept in props', () => {
    const f = fields(baseEvent('video_play', { videoId: 'v', slotId: 's', playId: IDS.play, percent: 25 }));
    expect(f.columns.percent).to.equal(null);
    expect(f.props).to.deep.equal({ percent: 25 });
  });

  it('when a page_view has a title then the title goes to props and url/referrer are handed on', () => {
    const f = fields(baseEvent('page_view', { url: 'https://a.example/', title: 'Home', referrer: 'https://b.example/' }));
    expect(f.props).to.deep.equal({ title: 'Home' });
    expect(f.url).to.equal('https://a.example/');
    expect(f.referrer).to.equal('https://b.example/');
  });

  it('when a form is submitted then formId, fields, outcome and values go to props', () => {
    const f = fields(baseEvent('form_submit', { formId: 'signup', fields: ['name', 'plan'], outcome: 'success', values: { plan: 'pro' } }));
    expect(f.props).to.deep.equal({ formId: 'signup', fields: ['name', 'plan'], outcome: 'success', values: { plan: 'pro' } });
  });

  it('when a custom event has props and unknown fields then both are merged into props', () => {
    const f = fields(baseEvent('custom', { name: 'quiz', props: { answer: 'b', score: 3 }, variant: 'x' }));
    expect(f.columns.name).to.equal('quiz');
    expect(f.props).to.deep.equal({ variant: 'x', answer: 'b', score: 3 });
  });

  it('when a prop is named __proto__ then it stays an ordinary key', () => {
    const raw = JSON.parse(`{"id":"${IDS.event}","type":"custom","ts":1,"visitorId":"${IDS.visitor}","sessionId":"${IDS.session}","name":"n","props":{"__proto__":{"x":1}}}`) as Record<string, unknown>;
    const f = fields(raw);
    expect(JSON.stringify(f.props)).to.equal('{"__proto__":{"x":1}}');
    expect(Object.getPrototypeOf(f.props)).to.equal(Object.prototype);
  });

  it('when a typed field has the wrong type then the event goes to dead letters naming the field', () => {
    expect(extract(baseEvent('video_progress', { videoId: 'v', slotId: 's', playId: IDS.play, percent: '50' }))).to.deep.equal(
      new ToDeadLetter('malformed', 'percent'),
    );
    expect(extract(baseEvent('video_play', { videoId: 7, slotId: 's', playId: IDS.play }))).to.deep.equal(new ToDeadLetter('malformed', 'videoId'));
    expect(extract(baseEvent('video_play', { videoId: 'v', slotId: 's', playId: 'p' }))).to.deep.equal(new ToDeadLetter('malformed', 'playId'));
  });

  it('when an impression or open names its video then video and slot fill their columns, an identify keeps its user id in props, and a lone id is a dead letter', () => {
    const url = 'https://shop.example/';
    expect(fields(baseEvent('impression', { url, videoId: 'v1', slotId: 's1' })).columns).to.include({ video_id: 'v1', slot_id: 's1' });
    expect(fields(baseEvent('widget_open', { url })).columns).to.include({ video_id: null, slot_id: null });
    expect(fields(baseEvent('identify', { userId: 'user-42' })).props).to.deep.equal({ userId: 'user-42' });
    // A job that bypassed the API: one id alone would have no (video, slot) row to count in.
    expect(extract(baseEvent('impression', { url, videoId: 'v1' }))).to.deep.equal(new ToDeadLetter('malformed', 'slotId'));
    expect(extract(baseEvent('widget_open', { url, slotId: 's1' }))).to.deep.equal(new ToDeadLetter('malformed', 'videoId'));
  });
});
