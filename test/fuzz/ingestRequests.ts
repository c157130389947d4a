import fc from 'fast-check';
import { bodyBreak } from './bodies.js';
import { contentTypeLines, extraHeaders, headerSafe, userAgents, type HeaderLine } from './headers.js';
import { anyJson, deepJson, hugeString, obj, oddKey, oddString, PROTOTYPE_KEYS, toJsonText, type Json } from './json.js';
import type { RawRequest } from './rawHttp.js';
import { keyFrom, originLines, type FuzzTargets } from './targets.js';

type Entry = readonly [string, Json];
const DAY_MS = 86_400_000;

/** Event times: mostly now-ish, and every edge of the accepted window and of the format. */
function timestamp(now: number): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: -60_000, max: 0 }).map((d) => now + d) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(now + 2 * 3_600_000, now + 30 * 60_000, now - 89 * DAY_MS, now - 91 * DAY_MS, 0, -1, 946_684_800_000, 253_402_300_800_000, 1e20),
    },
    { weight: 1, arbitrary: fc.constantFrom(new Date(now).toISOString(), '2026-03-01T10:00:00', '2026-03-01T10:00:00+25:00', 'yesterday', '') },
    { weight: 1, arbitrary: anyJson },
  );
}

const catalogId = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/) },
  { weight: 1, arbitrary: oddString(30) },
);
/** fc.webUrl is slow to generate; a fixed origin with a fuzzed path and query covers the same parser. */
const url = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('https://shop.example', 'http://b.example:8080', 'https://xn--bcher-kva.example'), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([origin, path, query]) => `${origin}/${path}?${query}`) },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: fc.constantFrom('javascript:alert(1)', 'https://shop.example/\u0000', `https://shop.example/${'a'.repeat(3000)}`, '//shop.example', 'https://[::1]/', 'http://xn--80ak6aa92e.com/') },
  { weight: 1, arbitrary: oddString(40) },
);
const smallObject = fc.array(fc.tuple(oddKey, anyJson), { maxLength: 4 }).map(obj);

/** The fields of each event type, valid as the contract defines them. */
function fieldsOf(type: string): fc.Arbitrary<Entry[]> {
  const video = fc.tuple(catalogId, catalogId, fc.uuid()).map(([v, s, p]): Entry[] => [['videoId', v], ['slotId', s], ['playId', p]]);
  switch (type) {
    case 'impression':
    case 'widget_open':
      // The video shown: none, both, or one of the two (refused: both or neither).
      return fc
        .tuple(url, fc.option(catalogId), fc.option(catalogId))
        .map(([u, v, s]): Entry[] => [['url', u], ...(v === null ? [] : [['videoId', v] as Entry]), ...(s === null ? [] : [['slotId', s] as Entry])]);
    case 'identify':
      return fc.oneof(oddString(), fc.string({ minLength: 190, maxLength: 210 })).map((userId): Entry[] => [['userId', userId]]);
    case 'page_view':
      return fc.tuple(url, oddString(), url).map(([u, t, r]): Entry[] => [['url', u], ['title', t], ['referrer', r]]);
    case 'video_play':
      return fc
        .tuple(video, fc.option(fc.double({ min: -10, max: 90_000, noNaN: true })), fc.oneof(fc.integer({ min: -1, max: 700_000 }), fc.double()), fc.oneof(fc.boolean(), anyJson))
        .map(([v, d, ms, auto]): Entry[] => [...v, ...(d === null ? [] : [['duration', d] as Entry]), ['startupMs', ms], ['autoplay', auto]]);
    case 'video_request':
      return fc.tuple(video, fc.oneof(fc.boolean(), anyJson)).map(([v, auto]): Entry[] => [...v, ['autoplay', auto]]);
    case 'video_stall':
      return fc.tuple(video, fc.oneof(fc.integer({ min: -1, max: 4_000_000 }), fc.double())).map(([v, ms]): Entry[] => [...v, ['durationMs', ms]]);
    case 'video_seek':
      return fc.tuple(video, fc.double({ min: -1, max: 90_000 }), fc.double({ min: -1, max: 90_000 })).map(([v, from, to]): Entry[] => [...v, ['from', from], ['to', to]]);
    case 'video_pause':
    case 'video_resume':
      return fc.tuple(video, fc.double({ min: -1, max: 90_000 })).map(([v, position]): Entry[] => [...v, ['position', position]]);
    case 'video_error':
      return fc.tuple(video, oddString(80), fc.oneof(fc.boolean(), anyJson)).map(([v, code, fatal]): Entry[] => [...v, ['code', code], ['fatal', fatal]]);
    case 'video_end':
      return fc.tuple(video, fc.constantFrom('completed', 'exited', 'error', 'bored')).map(([v, reason]): Entry[] => [...v, ['reason', reason]]);
    case 'video_progress':
      return fc.tuple(video, fc.constantFrom(25, 50, 75, 100, 0, 33)).map(([v, p]): Entry[] => [...v, ['percent', p]]);
    case 'video_time':
      return fc
        .tuple(video, fc.double({ min: -10, max: 90_000, noNaN: true }), fc.option(fc.tuple(fc.double({ min: -10, max: 90_000, noNaN: true }), fc.double({ min: -10, max: 90_000, noNaN: true }))))
        .map(([v, s, range]): Entry[] => (range === null ? [...v, ['seconds', s]] : [...v, ['seconds', s], ['from', range[0]], ['to', range[1]]]));
    case 'video_state':
      // Positions and lengths in and out of range, a state the spec does not name.
      return fc
        .tuple(video, fc.constantFrom('playback_started', 'content_started', 'playing', 'paused', 'seek_completed', 'buffer_completed', 'exited', 'skipped'), fc.double({ min: -1, max: 90_000 }), fc.double({ min: -1, max: 90_000 }))
        .map(([v, state, position, total]): Entry[] => [...v, ['state', state], ['position', position], ['totalLength', total], ['seekPosition', position]]);
    case 'click':
      return fc
        .tuple(catalogId, catalogId, fc.constantFrom('cta', 'detail', 'choice', 'other'), oddString(), catalogId)
        .map(([v, s, target, label, to]): Entry[] => [['videoId', v], ['slotId', s], ['target', target], ['label', label], ['toSlotId', to]]);
    case 'conversion':
      return fc
        .tuple(oddString(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('EUR', 'USD', 'eur', 'XXXX'), oddString())
        .map(([t, value, currency, order]): Entry[] => [['conversionType', t], ['value', value], ['currency', currency], ['orderId', order]]);
    case 'form_submit':
      return fc
        .tuple(oddString(), fc.array(fc.oneof(oddString(), formField), { maxLength: 4 }), fc.constantFrom('success', 'error', ''), fc.array(fc.tuple(oddKey, anyJson), { maxLength: 3 }).map(obj), url)
        .map(([formId, fields, outcome, values, u]): Entry[] => [['formId', formId], ['fields', fields], ['outcome', outcome], ['values', values], ['url', u]]);
    case 'form_start':
      return fc.tuple(oddString(), url).map(([formId, u]): Entry[] => [['formId', formId], ['url', u]]);
    case 'holdout':
      // In range, out of range, fractional: the rollup's bucket check must survive them all.
      return fc.tuple(fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(0, 51, 100, -1, 2.5)), url).map(([percent, u]): Entry[] => [['percent', percent], ['url', u]]);
    default:
      return fc.tuple(oddString(), smallObject).map(([name, props]): Entry[] => [['name', name], ['props', props]]);
  }
}

const EVENT_TYPES = ['impression', 'widget_open', 'page_view', 'video_play', 'video_progress', 'video_time', 'click', 'conversion', 'form_submit', 'form_start', 'holdout', 'custom', 'identify',
  'video_request', 'video_stall', 'video_seek', 'video_pause', 'video_resume', 'video_error', 'video_end', 'video_state'];

/** A form field as an object: name, input type and value length, each sometimes out of bounds. */
const formField = fc
  .tuple(oddString(), fc.constantFrom('text', 'email', 'password', '', 'x'.repeat(80)), fc.oneof(fc.nat({ max: 120_000 }), fc.double(), fc.constant(-1)))
  .map(([name, type, length]) => obj([['name', name], ['type', type], ['length', length]]));

/** One way of breaking an event's entries; applied zero to two times. */
const mutation: fc.Arbitrary<(entries: Entry[]) => Entry[]> = fc.oneof(
  fc.nat().map((i) => (entries: Entry[]) => entries.filter((_, at) => at !== i % Math.max(entries.length, 1))),
  fc.tuple(fc.nat(), anyJson).map(([i, value]) => (entries: Entry[]) => entries.map((e, at): Entry => (at === i % Math.max(entries.length, 1) ? [e[0], value] : e))),
  fc.tuple(oddKey, anyJson).map(([key, value]) => (entries: Entry[]): Entry[] => [...entries, [key, value]]),
  fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), anyJson).map(([key, value]) => (entries: Entry[]): Entry[] => [[key, value], ...entries]),
  deepJson.map((deep) => (entries: Entry[]): Entry[] => [...entries, ['props', obj([['deep', deep]])]]),
  fc.constant((entries: Entry[]): Entry[] => [...entries, ['props', obj([['blob', 'x'.repeat(40 * 1024)]])]]),
);

/** A valid event of any type, then possibly broken. */
export function fuzzedEvent(now: number): fc.Arbitrary<Json> {
  // One arbitrary per type, built once (a `chain` would build new ones for every value).
  const valid = fc.oneof(
    ...EVENT_TYPES.map((type) =>
      fc.tuple(fc.uuid(), timestamp(now), fc.uuid(), fc.uuid(), fieldsOf(type)).map(([id, ts, visitorId, sessionId, fields]): Entry[] => [
        ['id', id],
        ['type', type],
        ['ts', ts],
        ['visitorId', visitorId],
        ['sessionId', sessionId],
        ...fields,
      ]),
    ),
  );
  return fc
    .tuple(valid, fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }))
    .map(([entries, mutations]) => obj(mutations.reduce((acc, mutate) => mutate(acc), entries)));
}

/** The envelope `{key?, sentAt?, events}` with odd members, or something else entirely. */
function envelope(targets: FuzzTargets, now: number): fc.Arbitrary<Json> {
  const events = fc.oneof(
    { weight: 12, arbitrary: fc.array(fuzzedEvent(now), { minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.integer({ min: 499, max: 502 }).map((n) => Array.from({ length: n }, (): Json => obj([['type', 'custom']]))) },
  );
  const members = fc.tuple(
    events,
    fc.option(keyFrom(targets.a.writeKey, targets), { freq: 3 }),
    fc.option(fc.oneof(fc.constant<Json>(now), timestamp(now)), { freq: 2 }),
    fc.array(fc.tuple(oddKey, anyJson), { maxLength: 2 }),
  );
  const shaped = members.map(([evs, key, sentAt, extra]) => {
    const entries: Entry[] = [['events', evs]];
    if (key !== null) entries.unshift(['key', key]);
    if (sentAt !== null) entries.push(['sentAt', sentAt]);
    return obj([...entries, ...extra]);
  });
  return fc.oneof(
    { weight: 80, arbitrary: shaped },
    { weight: 10, arbitrary: anyJson },
    { weight: 5, arbitrary: deepJson },
    // Rare: each costs a real 500 KB+ upload.
    { weight: 1, arbitrary: fc.tuple(hugeString, fc.boolean()).map(([s, inEvent]): Json => (inEvent ? obj([['events', [obj([['type', 'custom'], ['props', obj([['s', s]])]])]]]) : obj([['events', []], ['pad', s]]))) },
  );
}

const ingestTargets = fc.oneof(
  { weight: 20, arbitrary: fc.constant('/v1/events') },
  { weight: 1, arbitrary: fc.constantFrom('/v1/events/', '/v1/events?key=x', '/V1/EVENTS', '/v1//events', '/v1/events%2F', '/v1/./events', '/v1/events/../events', '/v1/events#x', '/v1/events?__proto__[x]=1') },
);

/** POST /v1/events, with every part of the request fuzzed. */
export function ingestRequest(targets: FuzzTargets, now: number): fc.Arbitrary<RawRequest> {
  const body = fc.tuple(envelope(targets, now), bodyBreak).map(([value, broken]) => broken(Buffer.from(toJsonText(value), 'utf8')));
  return fc
    .record({
      method: fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'OPTIONS', 'HEAD', 'DELETE', 'PATCH') }),
      target: ingestTargets,
      contentType: contentTypeLines,
      key: fc.option(keyFrom(targets.a.writeKey, targets), { freq: 4 }),
      origin: originLines(targets),
      ua: userAgents,
      extra: extraHeaders,
      body,
      // One in ten bodies framed as chunked: no Content-Length to check the limit against up front.
      chunked: fc.nat({ max: 9 }).map((n) => n === 0),
    })
    .map((r): RawRequest => {
      const headers: HeaderLine[] = [...r.contentType, ...r.origin, ...r.ua, ...r.extra];
      if (r.key !== null) headers.push(['X-Cuepoint-Key', headerSafe(r.key)]);
      return { method: r.method, target: r.target, headers, body: r.body, chunked: r.chunked };
    });
}
