import { expect } from 'chai';
import { mapped, message, refused } from './segmentMessages.js';

describe('Segment mapping: track, identify, group and alias', () => {
  it('when a track call names an event then it becomes a custom event with that name and the properties as props', () => {
    const m = mapped(message({ type: 'track', event: 'Plan Chosen', properties: { plan: 'pro', seats: 3, tags: ['a'] } }));
    expect(m.event).to.deep.include({ type: 'custom', name: 'Plan Chosen', props: { plan: 'pro', seats: 3, tags: ['a'] } });
  });

  it('when a track named constructor carries a session_id then it is stored as that custom event, not refused as a player state', () => {
    const m = mapped(message({ type: 'track', event: 'constructor', properties: { session_id: 's1' } }));
    expect(m.event).to.deep.include({ type: 'custom', name: 'constructor' });
  });

  it('when a Video Spec message names its player with text no stored event may hold then the signal is still stored, without the player', () => {
    const m = mapped(message({ type: 'track', event: 'Video Content Playing', properties: { session_id: 's1', content_asset_id: 'intro', video_player: 'yt\u0000' } }));
    expect(m.event).to.deep.include({ type: 'video_state', state: 'playing' });
    expect(m.event).to.not.have.property('videoPlayer');
  });

  it('when a track has no properties then the custom event has no props', () => {
    expect(mapped(message({ type: 'track', event: 'Ping' })).event).to.not.have.property('props');
  });

  it('when the event name is missing, not text, empty or over 256 characters then the track is refused naming event', () => {
    expect(refused(message({ type: 'track' }))).to.deep.equal({ field: 'event', reason: 'is required' });
    expect(refused(message({ type: 'track', event: 5 }))).to.deep.equal({ field: 'event', reason: 'must be a string' });
    expect(refused(message({ type: 'track', event: '' }))).to.deep.equal({ field: 'event', reason: 'must be 1-256 characters' });
    expect(refused(message({ type: 'track', event: 'e'.repeat(257) }))).to.deep.equal({ field: 'event', reason: 'must be 1-256 characters' });
    expect(mapped(message({ type: 'track', event: 'e'.repeat(256) })).event.name).to.have.length(256);
  });

  it('when properties break the contract then the track is refused naming the property path in Segment terms', () => {
    expect(refused(message({ type: 'track', event: 'x', properties: 'plan' }))).to.deep.equal({ field: 'properties', reason: 'must be an object' });
    expect(refused(message({ type: 'track', event: 'x', properties: JSON.parse('{"__proto__": {"a": 1}}') as unknown }))).to.deep.equal({ field: 'properties.__proto__', reason: 'forbidden key' });
    expect(refused(message({ type: 'track', event: 'x', properties: { s: '\ud800' } }))).to.deep.equal({ field: 'properties.s', reason: 'is not well-formed UTF-16' });
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 9; i++) deep = { d: deep };
    expect(refused(message({ type: 'track', event: 'x', properties: deep }))).to.deep.equal({ field: 'properties.d.d.d.d.d.d.d.d.d', reason: 'nested deeper than 10 levels' });
  });

  it('when the mapped event is over the event size limit then the track is refused naming properties', () => {
    const v = refused(message({ type: 'track', event: 'x', properties: { blob: 'b'.repeat(2000) } }), undefined, 1024);
    expect(v.field).to.equal('properties');
    expect(v.reason).to.match(/^event is \d+ bytes; the limit is 1024$/);
  });

  it('when Order Completed names revenue, a lower-case currency and order_id then it is a purchase conversion with them', () => {
    const m = mapped(message({ type: 'track', event: 'Order Completed', properties: { revenue: 49.9, total: 55, currency: 'eur', order_id: 'A-17', products: [{ sku: 'x' }] } }));
    expect(m.event).to.deep.include({ type: 'conversion', conversionType: 'purchase', value: 49.9, currency: 'EUR', orderId: 'A-17' });
    expect(m.event).to.not.have.property('products');
  });

  it('when Order Completed has only total, no currency and a numeric orderId then value is total, currency USD and orderId its text', () => {
    const m = mapped(message({ type: 'track', event: 'order_completed', properties: { total: '120.50', orderId: 9001 } }));
    expect(m.event).to.deep.include({ type: 'conversion', conversionType: 'purchase', value: 120.5, currency: 'USD', orderId: '9001' });
  });

  it('when Order Completed has no value then it is a purchase without value or currency', () => {
    const m = mapped(message({ type: 'track', event: 'Order Completed' }));
    expect(m.event).to.deep.include({ type: 'conversion', conversionType: 'purchase' });
    expect(m.event).to.not.have.any.keys('value', 'currency', 'orderId');
  });

  it('when an Order Completed value, currency or order id cannot be stored then it is refused naming the property', () => {
    expect(refused(message({ type: 'track', event: 'Order Completed', properties: { revenue: 'lots' } }))).to.deep.equal({ field: 'properties.revenue', reason: 'must be a number' });
    expect(refused(message({ type: 'track', event: 'Order Completed', properties: { value: 1e13 } }))).to.deep.equal({ field: 'properties.value', reason: 'must be between -999999999999 and 999999999999' });
    expect(refused(message({ type: 'track', event: 'Order Completed', properties: { revenue: 1, currency: 'euro' } }))).to.deep.equal({ field: 'properties.currency', reason: 'must be an ISO 4217 code' });
    expect(refused(message({ type: 'track', event: 'Order Completed', properties: { order_id: 'o'.repeat(257) } }))).to.deep.equal({ field: 'properties.order_id', reason: 'must be at most 256 characters' });
  });

  it('when identify names a userId then it is an identify event with it and none of the traits', () => {
    const m = mapped(message({ type: 'identify', userId: 'u-77', traits: { email: 'a@b.example', name: 'Ann' } }));
    expect(m.event).to.deep.include({ type: 'identify', userId: 'u-77' });
    expect(JSON.stringify(m.event)).to.not.include('a@b.example');
  });

  it('when identify has traits but no userId then it is the custom event identify without the traits', () => {
    const m = mapped(message({ type: 'identify', traits: { email: 'a@b.example' } }));
    expect(m.event).to.deep.include({ type: 'custom', name: 'identify' });
    expect(m.event).to.not.have.property('props');
  });

  it('when identify has a userId over 200 characters then it is refused naming userId', () => {
    expect(refused(message({ type: 'identify', userId: 'u'.repeat(201) }))).to.deep.equal({ field: 'userId', reason: 'must be 1-200 characters' });
  });

  it('when group and alias calls arrive then group is a custom event with its id only and alias links the user id like identify', () => {
    expect(mapped(message({ type: 'group', groupId: 'acme', traits: { email: 'ceo@acme.example' } })).event).to.deep.include({ type: 'custom', name: 'group', props: { groupId: 'acme' } });
    const alias = mapped(message({ type: 'alias', userId: 'u-1', previousId: 'anon-1' })).event;
    expect(alias).to.deep.include({ type: 'identify', userId: 'u-1' });
    expect(alias).to.not.have.property('props');
    const unlinked = mapped(message({ type: 'alias', previousId: 'anon-1' })).event;
    expect(unlinked).to.deep.include({ type: 'custom', name: 'alias' });
    expect(unlinked).to.not.have.property('props');
  });

  it('when track properties hold e-mail addresses at any depth then they are redacted before the event is queued', () => {
    const props = mapped(message({ type: 'track', event: 'Signed Up', properties: { email: 'ann@shop.example', note: 'ask bob@x.example now', nested: { list: ['c@d.example', 3] } } })).event.props;
    expect(props).to.deep.equal({ email: '[REDACTED]', note: 'ask [REDACTED] now', nested: { list: ['[REDACTED]', 3] } });
  });
});
