import { expect } from 'chai';
import fc from 'fast-check';
import { mapSegmentMessage } from '../../../../api/segment/mapMessage.js';
import { acceptedByContract, PROJECT, RECEIVED_AT } from './segmentMessages.js';

/** Either a value a Segment client would send there, or any JSON at all. */
const or = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: plausible }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

const text = fc.string({ unit: 'binary', maxLength: 40 });
const anyDate = (min: number, max: number) => fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => d.toISOString());
const dates = fc.oneof({ weight: 9, arbitrary: anyDate(Date.UTC(2000, 0, 1), Date.UTC(2100, 0, 1)) }, { weight: 1, arbitrary: anyDate(Date.UTC(1990, 0, 1), Date.UTC(10100, 0, 1)) });
const urls = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text, fc.constant('about:blank'));

/** Messages shaped like Segment's, with every member sometimes absent and sometimes anything. */
const messages = fc.record(
  {
    type: or(fc.constantFrom('track', 'page', 'identify', 'group', 'alias', 'screen')),
    messageId: or(fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: fc.string({ minLength: 95, maxLength: 105 }) })),
    anonymousId: or(fc.oneof(fc.uuid(), text, fc.integer())),
    userId: or(fc.oneof(text, fc.integer(), fc.string({ minLength: 195, maxLength: 205 }))),
    event: or(fc.oneof(text, fc.constantFrom('Order Completed', 'Video Playback Started', 'order_completed'), fc.string({ minLength: 250, maxLength: 260 }))),
    name: or(text),
    groupId: or(text),
    previousId: or(text),
    timestamp: or(fc.oneof({ weight: 4, arbitrary: dates }, { weight: 1, arbitrary: text })),
    originalTimestamp: or(dates),
    sentAt: or(dates),
    properties: or(
      fc.record(
        {
          url: urls,
          title: fc.oneof(text, fc.string({ minLength: 1020, maxLength: 1030 })),
          referrer: urls,
          revenue: fc.oneof(fc.double(), fc.integer(), text),
          total: fc.oneof(fc.double({ noNaN: true }), text),
          currency: fc.oneof(fc.constantFrom('usd', 'EUR', 'eu'), text),
          order_id: fc.oneof(text, fc.integer()),
          session_id: fc.oneof(text, fc.integer()),
          extra: fc.jsonValue({ maxDepth: 12 }),
          [' __proto__'.trim()]: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
    ),
    context: or(
      fc.record(
        {
          page: fc.record({ url: urls, title: text, referrer: urls }, { requiredKeys: [] }),
          campaign: fc.record({ name: or(text), source: or(text), medium: or(text), term: or(text), content: or(text) }, { requiredKeys: [] }),
          sessionId: or(fc.oneof(text, fc.integer())),
          locale: or(fc.constantFrom('en-US', 'de_CH', 'x')),
          screen: fc.record({ width: or(fc.integer({ min: -10, max: 200_000 })), height: or(fc.double()) }, { requiredKeys: [] }),
          userAgent: or(text),
          ip: or(text),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['type', 'messageId', 'timestamp'] },
);

describe('Segment mapping: any input', () => {
  it('when any JSON object or Segment-shaped message is mapped then it never throws and is refused with a field or accepted by the contract', () => {
    const options = { projectId: PROJECT, slotProperty: 'slot_id', receivedAt: RECEIVED_AT, maxEventBytes: 32 * 1024 };
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: messages }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }), fc.option(fc.constantFrom('track', 'page', 'identify', 'group', 'alias', 'screen'), { nil: undefined }), (raw, routeType) => {
        const verdict = mapSegmentMessage(raw, routeType, options);
        if (!verdict.ok) {
          // Named as the client sent it, never by the Cuepoint field it would have become.
          expect(verdict.field).to.not.match(/^(props|ts|id|visitorId|sessionId|url|title|referrer|value|orderId|conversionType)(\.|$)/);
          expect(verdict.reason).to.be.a('string').and.not.equal('');
          return;
        }
        accepted++;
        expect(acceptedByContract(verdict.mapped), JSON.stringify(verdict.mapped.event)).to.equal(true);
      }),
      { numRuns: 3000 },
    );
    // A generator that only ever produced refusals would prove nothing about mapped events.
    expect(accepted).to.be.greaterThan(300);
  });
});
