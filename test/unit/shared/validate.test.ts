import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { validateEvent, type ValidationContext } from '../../../shared/events/validate.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const ctx: ValidationContext = { receivedAt: NOW, sentAt: undefined, maxEventBytes: 32 * 1024, maxEventAgeMs: 90 * 86_400_000 };

function event(fields: Record<string, unknown>): Record<string, unknown> {
  return { id: randomUUID(), ts: NOW - 1000, visitorId: randomUUID(), sessionId: randomUUID(), ...fields };
}
const play = { videoId: 'intro', slotId: 'slot-1', playId: randomUUID() };

function rejection(raw: unknown): { field: string; reason: string } {
  const v = validateEvent(raw, ctx);
  if (v.ok) throw new Error('expected a rejection');
  return { field: v.field, reason: v.reason };
}

describe('validateEvent', () => {
  it('when every event type is well formed then each is accepted', () => {
    const good = [
      event({ type: 'impression', url: 'https://shop.example/p/1' }),
      event({ type: 'widget_open', url: 'https://shop.example/p/1' }),
      event({ type: 'page_view', url: 'https://shop.example/thanks', title: 'Thanks', referrer: '' }),
      event({ type: 'video_play', ...play }),
      event({ type: 'video_progress', ...play, percent: 50 }),
      event({ type: 'video_time', ...play, seconds: 9.75 }),
      event({ type: 'click', videoId: 'intro', slotId: 'slot-1', target: 'choice', toSlotId: 'slot-2' }),
      event({ type: 'conversion', conversionType: 'purchase', value: 49.9, currency: 'EUR', orderId: 'A-1' }),
      event({ type: 'form_submit', formId: 'contact', fields: ['name', 'email'], outcome: 'success' }),
      event({ type: 'custom', name: 'quiz_answer', props: { answer: 'b', extra: { nested: [1, 2] } } }),
    ];
    for (const e of good) expect(validateEvent(e, ctx), String(e.type)).to.have.property('ok', true);
  });

  it('when an event carries unknown fields then it is still accepted with them', () => {
    const v = validateEvent(event({ type: 'impression', url: 'https://a.example/', widgetVersion: '2.1' }), ctx);
    expect(v.ok && v.event).to.have.property('widgetVersion', '2.1');
  });

  it('when a required field is missing then the field is named', () => {
    expect(rejection(event({ type: 'impression' }))).to.deep.equal({ field: 'url', reason: 'is required' });
    const { id: _id, ...noId } = event({ type: 'impression', url: 'https://a.example/' });
    expect(rejection(noId).field).to.equal('id');
    const { ts: _ts, ...noTs } = event({ type: 'impression', url: 'https://a.example/' });
    expect(rejection(noTs)).to.deep.equal({ field: 'ts', reason: 'is required' });
  });

  it('when the type is unknown or missing then type is named', () => {
    expect(rejection(event({ type: 'nope' }))).to.deep.equal({ field: 'type', reason: 'is not a known event type' });
    expect(rejection(event({}))).to.deep.equal({ field: 'type', reason: 'is required' });
  });

  it('when ids are not UUIDs then the field is named', () => {
    expect(rejection(event({ type: 'video_play', ...play, playId: 'p1' }))).to.deep.equal({ field: 'playId', reason: 'must be a UUID' });
    expect(rejection({ ...event({ type: 'impression', url: 'https://a.example/' }), visitorId: 42 }).field).to.equal('visitorId');
  });

  it('when percent, seconds or value are out of range then the field is named', () => {
    expect(rejection(event({ type: 'video_progress', ...play, percent: 30 })).field).to.equal('percent');
    expect(rejection(event({ type: 'video_time', ...play, seconds: -1 })).field).to.equal('seconds');
    expect(rejection(event({ type: 'video_time', ...play, seconds: 86_401 })).field).to.equal('seconds');
    expect(rejection(event({ type: 'conversion', conversionType: 'x', value: 1e15, currency: 'USD' })).field).to.equal('value');
  });

  it('when a video_time range is half sent, reversed, negative or longer than its seconds allow then the field is named', () => {
    expect(rejection(event({ type: 'video_time', ...play, seconds: 2, from: 3 }))).to.deep.equal({ field: 'to', reason: 'is required' });
    expect(rejection(event({ type: 'video_time', ...play, seconds: 2, to: 3 }))).to.deep.equal({ field: 'from', reason: 'is required' });
    expect(rejection(event({ type: 'video_time', ...play, seconds: 2, from: 5, to: 4 }))).to.deep.equal({ field: 'to', reason: 'must be at least from' });
    expect(rejection(event({ type: 'video_time', ...play, seconds: 2, from: -1, to: 1 })).field).to.equal('from');
    // 2 s counted may stand for at most 2 + 5 s of media: 7.5 s is a seek in disguise.
    expect(rejection(event({ type: 'video_time', ...play, seconds: 2, from: 10, to: 17.5 })).field).to.equal('to');
    expect(validateEvent(event({ type: 'video_time', ...play, seconds: 2, from: 10, to: 17 }), ctx).ok).to.equal(true);
  });

  it('when a video_play duration is 0, negative or past a day then duration is named', () => {
    expect(rejection(event({ type: 'video_play', ...play, duration: 0 }))).to.deep.equal({ field: 'duration', reason: 'must be more than 0' });
    expect(rejection(event({ type: 'video_play', ...play, duration: 86_401 })).field).to.equal('duration');
    expect(rejection(event({ type: 'video_play', ...play, duration: 'long' })).field).to.equal('duration');
  });

  it('when a choice click has no target slot or a value has no currency then that field is named', () => {
    expect(rejection(event({ type: 'click', videoId: 'v', slotId: 's', target: 'choice' })).field).to.equal('toSlotId');
    expect(rejection(event({ type: 'conversion', conversionType: 'x', value: 3 })).field).to.equal('currency');
  });

  it('when ts lies a year ahead or ten years back then ts is rejected with the reason', () => {
    expect(rejection(event({ type: 'impression', url: 'https://a.example/', ts: NOW + 365 * 86_400_000 }))).to.deep.equal({
      field: 'ts',
      reason: 'ts_future',
    });
    expect(rejection(event({ type: 'impression', url: 'https://a.example/', ts: NOW - 3650 * 86_400_000 }))).to.deep.equal({
      field: 'ts',
      reason: 'ts_too_old',
    });
  });

  it('when a key is __proto__ or constructor then it is rejected as a forbidden key', () => {
    const proto = JSON.parse(`{"type":"custom","name":"x","props":{"__proto__":{"polluted":true}}}`) as Record<string, unknown>;
    expect(rejection({ ...event({}), ...proto })).to.deep.equal({ field: 'props.__proto__', reason: 'forbidden key' });
    expect(rejection(event({ type: 'custom', name: 'x', props: { constructor: 1 } })).reason).to.equal('forbidden key');
  });

  it('when props nest 100 levels deep then the nesting is rejected', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(rejection(event({ type: 'custom', name: 'x', props: deep })).reason).to.match(/nested deeper/);
  });

  it('when a string holds a NUL or a lone surrogate then the field is named', () => {
    expect(rejection(event({ type: 'custom', name: 'a\u0000b' }))).to.deep.equal({ field: 'name', reason: 'contains a NUL character' });
    expect(rejection(event({ type: 'custom', name: 'a\ud800b' })).reason).to.equal('is not well-formed UTF-16');
  });

  it('when an event is larger than the per-event limit then it is rejected', () => {
    expect(rejection(event({ type: 'custom', name: 'x', props: { blob: 'x'.repeat(40_000) } })).reason).to.match(/bytes; the limit is 32768/);
  });

  it('when a URL is not absolute http(s) then url is named', () => {
    expect(rejection(event({ type: 'impression', url: 'javascript:alert(1)' })).field).to.equal('url');
    expect(rejection(event({ type: 'impression', url: `https://a.example/${'x'.repeat(2100)}` })).field).to.equal('url');
  });
});

describe('validateEvent reasons', () => {
  it('when a present field has the wrong type then the reason describes it rather than calling it missing', () => {
    const v = validateEvent({ ...event({ type: 'video_progress', ...play }), percent: 33 }, ctx);
    expect(v.ok ? '' : v.reason).to.equal('must be one of 25, 50, 75, 100');
    const w = validateEvent({ ...event({ type: 'impression', url: 'https://a.example/' }), visitorId: 42 }, ctx);
    expect(w.ok ? '' : w.reason).not.to.equal('is required');
  });
});

describe('validateEvent timestamps', () => {
  it('when ts or sentAt lie outside the years 2000-9999 then the event is refused before the queue', () => {
    for (const ts of [253402300800000, '1969-12-31T23:59:59Z', '+010000-01-01T00:00:00Z', -1]) {
      const v = validateEvent(event({ type: 'impression', url: 'https://a.example/', ts }), ctx);
      expect(v.ok, String(ts)).to.equal(false);
    }
  });

  it('when ts is epoch seconds, whole or fractional, then the reason says milliseconds and that it looks like seconds', () => {
    for (const ts of [Math.floor((NOW - 1000) / 1000), (NOW - 1000) / 1000 + 0.25]) {
      expect(rejection(event({ type: 'impression', url: 'https://a.example/', ts })), String(ts)).to.deep.equal({
        field: 'ts',
        reason: 'must be epoch milliseconds (this looks like seconds)',
      });
    }
  });

  it('when ts is too small to be seconds either then the reason is the plain range', () => {
    expect(rejection(event({ type: 'impression', url: 'https://a.example/', ts: 5 })).reason).to.equal('must lie between the years 2000 and 9999');
  });

  it('when an impression or open names its video then both ids are kept, and one without the other is refused naming the missing one', () => {
    const url = 'https://a.example/';
    for (const type of ['impression', 'widget_open']) {
      const v = validateEvent(event({ type, url, videoId: 'intro', slotId: 'home' }), ctx);
      expect(v.ok && v.event, type).to.include({ videoId: 'intro', slotId: 'home' });
      expect(rejection(event({ type, url, videoId: 'intro' })), type).to.deep.equal({ field: 'slotId', reason: 'is required' });
      expect(rejection(event({ type, url, slotId: 'home' })), type).to.deep.equal({ field: 'videoId', reason: 'is required' });
      expect(rejection(event({ type, url, videoId: '(other)', slotId: 'home' })).field, type).to.equal('videoId');
    }
  });

  it('when identify carries a user id of 1 to 200 characters then it is accepted, and an empty, longer or non-string one is refused', () => {
    expect(validateEvent(event({ type: 'identify', userId: 'u'.repeat(200) }), ctx)).to.have.property('ok', true);
    expect(validateEvent(event({ type: 'identify', userId: 'ann@example.com' }), ctx)).to.have.property('ok', true);
    expect(rejection(event({ type: 'identify', userId: '' }))).to.deep.equal({ field: 'userId', reason: 'must be 1-200 characters' });
    expect(rejection(event({ type: 'identify', userId: 'u'.repeat(201) }))).to.deep.equal({ field: 'userId', reason: 'must be 1-200 characters' });
    expect(rejection(event({ type: 'identify', userId: 42 })).field).to.equal('userId');
    expect(rejection(event({ type: 'identify' }))).to.deep.equal({ field: 'userId', reason: 'is required' });
  });
});
