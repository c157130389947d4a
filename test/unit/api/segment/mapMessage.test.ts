import { expect } from 'chai';
import { mapSegmentMessage } from '../../../../api/segment/mapMessage.js';
import { ANONYMOUS_ID, EVENT_ID, mapped, message, RECEIVED_AT, refused, VISITOR_ID } from './segmentMessages.js';

// UUIDv5 values below were computed with Python's uuid.uuid5 in the namespace PROJECT.
const ANON_TEXT_VISITOR = 'af79d5e1-1de1-500e-96d3-270ce2af79c7'; // anonymous:user-anon-7
const USER_42_VISITOR = 'c3b43763-a4b0-53a2-9863-da4129dc487f'; // user:42
const ANON_42_VISITOR = '9d2910d7-1721-54c1-9859-65d2b1cf7aad'; // anonymous:42
const NAMED_SESSION = 'b75fc5f5-4274-5e2f-9787-f142c70e01cc'; // session:<VISITOR_ID>:1700000000123

describe('Segment mapping: ids, time, session and context', () => {
  it('when a message has a messageId then the event id is UUIDv5 of it in the project namespace', () => {
    expect(mapped(message({ type: 'track', event: 'Signed Up' })).event.id).to.equal(EVENT_ID);
  });

  it('when the same message is mapped twice then both events are identical, so a retry is a duplicate', () => {
    const m = message({ type: 'track', event: 'Signed Up', properties: { plan: 'pro' } });
    expect(mapped(m).event).to.deep.equal(mapped(structuredClone(m)).event);
  });

  it('when two projects receive the same message then their event ids differ', () => {
    const other = mapSegmentMessage(message({ type: 'track', event: 'x' }), undefined, { projectId: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', slotProperty: 'slot_id', receivedAt: RECEIVED_AT });
    expect(other.ok && other.mapped.event.id).to.be.a('string').and.not.equal(EVENT_ID);
  });

  it('when messageId is missing, empty, 100 characters or a number then the message is refused naming messageId', () => {
    expect(refused(message({ type: 'track', event: 'x', messageId: undefined }))).to.deep.equal({ field: 'messageId', reason: 'is required' });
    for (const messageId of ['', 'm'.repeat(100), 12345]) {
      expect(refused(message({ type: 'track', event: 'x', messageId }))).to.deep.equal({ field: 'messageId', reason: 'must be a string of 1-99 characters' });
    }
    expect(mapped(message({ type: 'track', event: 'x', messageId: 'm'.repeat(99) })).event.id).to.match(/^[0-9a-f-]{36}$/);
  });

  it('when anonymousId is an upper-case UUID then the visitor is that UUID lowercased', () => {
    expect(mapped(message({ type: 'track', event: 'x', anonymousId: ANONYMOUS_ID })).event.visitorId).to.equal(VISITOR_ID);
  });

  it('when anonymousId is not a UUID then the visitor is UUIDv5 of anonymous:<id>, and a number is read as its text', () => {
    expect(mapped(message({ type: 'track', event: 'x', anonymousId: 'user-anon-7' })).event.visitorId).to.equal(ANON_TEXT_VISITOR);
    expect(mapped(message({ type: 'track', event: 'x', anonymousId: 42 })).event.visitorId).to.equal(ANON_42_VISITOR);
  });

  it('when only a userId is given (string or number) then the visitor is UUIDv5 of user:<id>, apart from an anonymousId of the same text', () => {
    expect(mapped(message({ type: 'track', event: 'x', anonymousId: undefined, userId: '42' })).event.visitorId).to.equal(USER_42_VISITOR);
    expect(mapped(message({ type: 'track', event: 'x', anonymousId: null, userId: 42 })).event.visitorId).to.equal(USER_42_VISITOR);
  });

  it('when neither anonymousId nor userId is given, or one is not text or a number, then the message is refused naming it', () => {
    expect(refused(message({ type: 'track', event: 'x', anonymousId: '' }))).to.deep.equal({ field: 'anonymousId', reason: 'is required when userId is absent' });
    expect(refused(message({ type: 'track', event: 'x', anonymousId: { id: 1 } }))).to.deep.equal({ field: 'anonymousId', reason: 'must be a string or a number' });
    expect(refused(message({ type: 'track', event: 'x', anonymousId: undefined, userId: true }))).to.deep.equal({ field: 'userId', reason: 'must be a string or a number' });
  });

  it('when timestamp, originalTimestamp and sentAt are given then ts is timestamp and sentAt is carried for clock correction', () => {
    const m = mapped(message({ type: 'track', event: 'x', timestamp: '2026-11-23T11:00:00.000Z', originalTimestamp: '2026-11-23T10:00:00Z', sentAt: '2026-11-23T11:00:05+00:00' }));
    expect(m.event.ts).to.equal(Date.UTC(2026, 10, 23, 11, 0, 0));
    expect(m.sentAt).to.equal(Date.UTC(2026, 10, 23, 11, 0, 5));
    expect(m.tsFrom).to.equal('timestamp');
  });

  it('when only originalTimestamp is given, or a JavaScript date string, or ISO without an offset, then each is read (the last as UTC)', () => {
    expect(mapped(message({ type: 'track', event: 'x', timestamp: undefined, originalTimestamp: '2026-11-23T10:00:00+01:00' })).event.ts).to.equal(Date.UTC(2026, 10, 23, 9));
    expect(mapped(message({ type: 'track', event: 'x', timestamp: 'Mon Nov 23 2026 10:30:00 GMT+0100 (Central European Standard Time)' })).event.ts).to.equal(Date.UTC(2026, 10, 23, 9, 30));
    expect(mapped(message({ type: 'track', event: 'x', timestamp: '2026-11-23T10:30:00' })).event.ts).to.equal(Date.UTC(2026, 10, 23, 10, 30));
  });

  it('when the message names no time then ts is the receipt time and a sentAt is not carried, so nothing corrects it', () => {
    const m = mapped(message({ type: 'track', event: 'x', timestamp: undefined, sentAt: '2026-11-23T11:00:00Z' }));
    expect(m.event.ts).to.equal(RECEIVED_AT);
    expect(m).to.not.have.property('sentAt');
    expect(m.tsFrom).to.equal('receivedAt');
  });

  it('when a time is unparseable, a number, or before 2000 then the message is refused naming that field', () => {
    expect(refused(message({ type: 'track', event: 'x', timestamp: 'yesterday' }))).to.deep.equal({ field: 'timestamp', reason: 'must be an ISO 8601 date' });
    expect(refused(message({ type: 'track', event: 'x', timestamp: '1' }))).to.deep.equal({ field: 'timestamp', reason: 'must be an ISO 8601 date' });
    expect(refused(message({ type: 'track', event: 'x', timestamp: 1_700_000_000_000 }))).to.deep.equal({ field: 'timestamp', reason: 'must be an ISO 8601 date' });
    expect(refused(message({ type: 'track', event: 'x', timestamp: undefined, originalTimestamp: '1999-12-31T23:59:59Z' }))).to.deep.equal({ field: 'originalTimestamp', reason: 'must lie between the years 2000 and 9999' });
    expect(refused(message({ type: 'track', event: 'x', sentAt: '2026-02-30T00:00:00Z' }))).to.deep.equal({ field: 'sentAt', reason: 'must be an ISO 8601 date' });
  });

  it('when context.sessionId is a number then the session is UUIDv5 of session:<visitor>:<value>', () => {
    const m = mapped(message({ type: 'track', event: 'x', context: { sessionId: 1700000000123 } }));
    expect(m.event.sessionId).to.equal(NAMED_SESSION);
    expect(mapped(message({ type: 'page', properties: { session_id: '1700000000123', url: 'https://a.example/' } })).event.sessionId).to.equal(NAMED_SESSION);
  });

  it('when a message names no session, or a Video Spec message has only the playback session_id, then sessionId is absent for the server split', () => {
    expect(mapped(message({ type: 'track', event: 'x' })).event).to.not.have.property('sessionId');
    expect(mapped(message({ type: 'track', event: 'x', context: { sessionId: { a: 1 } } })).event).to.not.have.property('sessionId');
    expect(mapped(message({ type: 'track', event: 'Video Playback Started', properties: { session_id: '1700000000123' } })).event).to.not.have.property('sessionId');
  });

  it('when context holds userAgent, ip, locale and screen then they are carried, with in-range screen sizes and a BCP 47 locale as hints', () => {
    const m = mapped(message({ type: 'track', event: 'x', context: { userAgent: 'Mozilla/5.0 (X11)', ip: '203.0.113.9', locale: 'de_CH', screen: { width: 1280, height: 720 } } }));
    expect(m).to.deep.include({ userAgent: 'Mozilla/5.0 (X11)', ip: '203.0.113.9', locale: 'de_CH' });
    expect(m.event).to.deep.include({ language: 'de-CH', screenWidth: 1280, screenHeight: 720 });
  });

  it('when screen sizes are out of range or fractional and the locale is no language tag then no hint is set and the message is still mapped', () => {
    const m = mapped(message({ type: 'track', event: 'x', context: { locale: 'not a locale', screen: { width: 100_001, height: 720.5 } } }));
    for (const hint of ['language', 'screenWidth', 'screenHeight']) expect(m.event).to.not.have.property(hint);
  });

  it('when the type is missing or unknown then the message is refused naming type; a route type wins over the body', () => {
    expect(refused(message({ event: 'x' }))).to.deep.equal({ field: 'type', reason: 'is required' });
    expect(refused(message({ type: 'trak' }))).to.deep.equal({ field: 'type', reason: 'must be one of track, page, identify, group, alias, screen' });
    expect(mapped(message({ type: 'page', event: 'Clicked' }), 'track').event).to.deep.include({ type: 'custom', name: 'Clicked' });
  });

  it('when the message is not an object then it is refused as a whole', () => {
    for (const raw of [null, [], 'track', 3]) expect(refused(raw)).to.deep.equal({ field: '', reason: 'must be an object' });
  });

  it('when a field is refused later by the contract then fieldOrigins names its Segment field', () => {
    const m = mapped(message({ type: 'track', event: 'x', timestamp: undefined, originalTimestamp: '2026-11-23T10:00:00Z', context: { screen: { width: 10 } } }));
    expect(m.fieldOrigins).to.deep.include({ ts: 'originalTimestamp', id: 'messageId', visitorId: 'anonymousId', screenWidth: 'context.screen.width', props: 'properties' });
  });
});
