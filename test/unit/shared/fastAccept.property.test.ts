import { expect } from 'chai';
import fc from 'fast-check';
import { fastAccept } from '../../../shared/events/fastAccept.js';
import { EVENT_SCHEMAS, EVENT_TYPES, type EventType } from '../../../shared/events/schema.js';
import { VIDEO_STATES } from '../../../shared/events/videoEvents.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Mostly a number in [lo, hi] (whole or not); sometimes one on or just past an edge, or not a number. */
const around = (lo: number, hi: number, ...edges: number[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }).map(Math.round) },
    { weight: 3, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(...[lo, hi, ...edges].flatMap((e) => [e, e - 1, e + 1, e - 0.5, e + 0.5])) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, '1', null, true) },
  );
/** Mostly short text; sometimes text of exactly one of `lengths` (in 1- and 2-unit characters), or not text. */
const texts = (...lengths: number[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
    { weight: 2, arbitrary: fc.constantFrom(...lengths).chain((n) => fc.constantFrom('a'.repeat(n), 'é'.repeat(n), '😀'.repeat(Math.ceil(n / 2)))) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(7, null, '') },
  );
const uuids = fc.oneof(
  { weight: 6, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'not-a-uuid', '5b3c1c0e-7d0b-0b4a-9c7e-2f1a3b4c5d6e', 7) },
);
const catalogIds = fc.oneof(fc.constantFrom('intro', 'slot-1', 'a.b:c_d', '', 'x'.repeat(128), 'x'.repeat(129), 'has space', 3), fc.string({ maxLength: 6 }));
const urls = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://shop.example/p/1', 'HTTP://A.EXAMPLE/', 'ftp://a.example/', 'about:blank', '/relative', '', `https://a.example/${'x'.repeat(2040)}`, 42),
);
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(10000, 0, 1) - 1;
const times = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: EARLIEST, max: Date.UTC(2100, 0, 1) }) },
  { weight: 1, arbitrary: around(EARLIEST, LATEST, 1_700_000_000, 1_700_000_000.5) },
  { weight: 1, arbitrary: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00+02:00', '1999-12-31T23:59:59Z', 'yesterday') },
);

/** Every field any event type has, each sometimes absent, sometimes valid and sometimes not. */
const fields: Record<string, fc.Arbitrary<unknown>> = {
  id: uuids,
  ts: times,
  visitorId: uuids,
  sessionId: uuids,
  playId: uuids,
  language: fc.constantFrom('en', 'en-US', 'zh-Hant-TW', 'de', 'fr-CA', 'en_US', 'a', 'abcdefghi', `en-${'a'.repeat(40)}`, 5),
  screenWidth: around(0, 100_000),
  screenHeight: around(0, 100_000),
  touchPoints: around(0, 256),
  url: urls,
  title: texts(0, 1024, 1025),
  referrer: fc.oneof(urls, fc.constant('')),
  timeOnPageMs: around(0, 7 * 86_400_000),
  maxScrollPercent: around(0, 100),
  videoId: catalogIds,
  slotId: catalogIds,
  toSlotId: catalogIds,
  target: fc.constantFrom('cta', 'detail', 'choice', 'other'),
  label: texts(0, 256, 257),
  conversionType: texts(0, 1, 256, 257),
  value: around(-999_999_999_999, 999_999_999_999, 0),
  currency: fc.constantFrom('USD', 'EUR', 'usd', 'EU', 'EURO', 3),
  orderId: texts(0, 1, 256, 257),
  formId: texts(0, 1, 256),
  outcome: texts(1),
  fields: fc.constantFrom(['a'], [{ name: 'a', extra: 1 }], 'a'),
  name: texts(0, 1, 256, 257),
  props: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), fc.constantFrom([1], 'p', null)),
  userId: texts(0, 1, 200, 201),
  percent: fc.oneof(fc.constantFrom(25, 50, 75, 100, 30), around(1, 50)),
  duration: around(0, 86_400),
  startupMs: around(0, 600_000),
  autoplay: fc.constantFrom(true, false, 'yes'),
  durationMs: around(0, 3_600_000),
  from: around(0, 20, 86_400),
  to: around(0, 25, 86_400),
  seconds: around(0, 20, 86_400),
  position: around(0, 86_400),
  code: texts(0, 1, 64, 65),
  fatal: fc.constantFrom(true, false, 0),
  reason: fc.constantFrom('completed', 'exited', 'error', 'done'),
  state: fc.constantFrom(...VIDEO_STATES, 'stopped'),
  totalLength: around(0, 86_400),
  seekPosition: around(0, 86_400),
  widgetVersion: fc.jsonValue({ maxDepth: 2 }),
};

/** Values every type takes, weighted in so that a good share of the events is valid. */
const plain: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.uuid(),
  ts: fc.integer({ min: EARLIEST, max: Date.UTC(2100, 0, 1) }),
  visitorId: fc.uuid(),
  sessionId: fc.uuid(),
  playId: fc.uuid(),
  url: fc.constantFrom('https://shop.example/p/1', 'http://a.example/?q=1#f'),
  videoId: fc.constantFrom('intro', 'v.2'),
  slotId: fc.constantFrom('hero', 's:1'),
};
const mostlyPlain = (key: string, arbitrary: fc.Arbitrary<unknown>) => {
  const p = plain[key];
  return p === undefined ? arbitrary : fc.oneof({ weight: 12, arbitrary: p }, { weight: 1, arbitrary });
};

/** An event of `type`: its own fields mostly present, any field sometimes there, members in any order. */
function eventsOf(type: EventType): fc.Arbitrary<Record<string, unknown>> {
  const shape = EVENT_SCHEMAS[type].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const required = (k: string) => shape[k] !== undefined && !shape[k].safeParse(undefined).success;
  const arbitraries = Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, fc.option(mostlyPlain(k, a), { nil: undefined, freq: required(k) ? 30 : 3 })]));
  return fc.tuple(fc.record(arbitraries), fc.constantFrom(type, type, type, type, type, type, type, 'other')).chain(([picked, t]) => {
    const entries: [string, unknown][] = Object.entries(picked).filter(([, v]) => v !== undefined);
    entries.push(['type', t]);
    return fc.shuffledSubarray(entries, { minLength: entries.length }).map((e) => Object.fromEntries(e));
  });
}

/** The value with its members' order, which is the order a job serialises them in. */
const withOrder = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : v));

describe('fastAccept', () => {
  for (const type of EVENT_TYPES) {
    it(`when a ${type} event is accepted by the fast path then zod accepts it and returns the same value, members in the same order`, () => {
      let accepted = 0;
      let valid = 0;
      fc.assert(
        fc.property(eventsOf(type), (raw) => {
          const fast = fastAccept(type, raw);
          const zod = EVENT_SCHEMAS[type].safeParse(raw);
          if (zod.success) valid++;
          if (fast === undefined) return;
          accepted++;
          expect(zod.success, 'zod accepts').to.equal(true);
          expect(fast.event).to.deep.equal(zod.data);
          expect(withOrder(fast.event)).to.equal(withOrder(zod.data));
        }),
        { numRuns: RUNS },
      );
      // The fast path must carry the ordinary events, or it would only add work.
      if (type !== 'form_submit' && valid >= 20) expect(accepted, `${accepted} of ${valid} valid`).to.be.greaterThan(valid / 4);
    });
  }

  it('when an event is what the tracker sends then the fast path accepts it', () => {
    const ids = { id: '5b3c1c0e-7d0b-4b4a-9c7e-2f1a3b4c5d6e', ts: Date.UTC(2026, 0, 1), visitorId: '0c1f4ee2-5fb5-4d8a-9b47-6f2b0f6a1e11', sessionId: '9a7e4a2d-3c1b-4f7e-8d6a-1b2c3d4e5f60' };
    const play = { videoId: 'intro', slotId: 'hero', playId: '2f1a3b4c-5d6e-4b4a-9c7e-5b3c1c0e7d0b' };
    expect(fastAccept('page_view', { ...ids, type: 'page_view', url: 'https://shop.example/p/1?utm_source=x', title: 'P', referrer: 'https://www.google.com/' })).to.not.equal(undefined);
    expect(fastAccept('video_time', { ...ids, type: 'video_time', ...play, seconds: 7.5, from: 1, to: 8.5 })).to.not.equal(undefined);
    expect(fastAccept('custom', { ...ids, type: 'custom', name: 'quiz', props: { a: [1] } })).to.not.equal(undefined);
  });
});
