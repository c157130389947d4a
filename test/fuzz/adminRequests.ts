import fc from 'fast-check';
import { bodyBreak } from './bodies.js';
import { authorizationLines, contentTypeLines, extraHeaders, type HeaderLine } from './headers.js';
import { anyJson, obj, oddKey, oddString, PROTOTYPE_KEYS, toJsonText, type Json } from './json.js';
import { pathSegment, percentEncode } from './paths.js';
import type { RawRequest } from './rawHttp.js';
import { adminKeyFrom, type FuzzTargets } from './targets.js';

type Entry = readonly [string, Json];

const KEY_KINDS = ['write', 'read', 'admin'];

/** Values near what each admin field accepts, and far from it. */
const fieldValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: oddString(60) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/) },
  { weight: 2, arbitrary: fc.webUrl() },
  { weight: 2, arbitrary: fc.array(oddString(30), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(0, 1, 30, 90, 91, -1, 1.5, null, true, 'EUR', 'eur', 'exact', 'prefix', 'pattern', '*/thanks*', 'https://b.example/x') },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => `https://o${i}.example`)) },
  { weight: 2, arbitrary: anyJson },
);

/** The fields each admin resource knows, plus unknown and prototype ones. */
const ADMIN_FIELDS = [
  'name', 'allowedOrigins', 'currency', 'conversionWindowDays', 'formAllowlist', 'queryAllowlist', 'timezone', 'holdoutPercent', 'segmentSlotProperty',
  'videoId', 'title', 'videoUrl', 'slotId', 'ctaLabel', 'ctaUrl', 'detailLabel', 'detailUrl', 'links',
  'kind', 'pattern', 'revokePrevious', 'url',
];

const adminBody: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ADMIN_FIELDS) }, { weight: 1, arbitrary: oddKey }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }), fieldValue), { maxLength: 6 })
      .map((entries: Entry[]) => obj(entries)),
  },
  { weight: 2, arbitrary: anyJson },
);

/** A `kind` that is never a real key kind: rotating B's keys would only fill the key table. */
const notAKind = fc.oneof(pathSegment, fc.constantFrom('WRITE', 'Admin', 'root', '')).filter((s) => !KEY_KINDS.includes(safeDecode(s)));

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function adminPath(targets: FuzzTargets): fc.Arbitrary<string> {
  const knownPrefixes = new Set([targets.b.writeKey, targets.b.readKey, targets.b.adminKey, targets.b.revokedWriteKey].map((k) => k.slice(0, 12)));
  const prefix = fc.oneof(fc.stringMatching(/^cp[wra]_[0-9a-f]{8}$/), pathSegment).filter((p) => !knownPrefixes.has(safeDecode(p)));
  return fc.oneof(
    fc.constantFrom('/project', '/videos', '/slots', '/conversion-rules', '/conversion-rules/test', '/keys', '/', '', '/projects', '/project/x'),
    fc.tuple(fc.constantFrom('/videos/', '/slots/', '/conversion-rules/'), pathSegment).map(([base, id]) => `${base}${id}`),
    notAKind.map((kind) => `/keys/${kind}/rotate`),
    prefix.map((p) => `/keys/${p}`),
    fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`),
  );
}

/** Admin requests: every route, method and auth variant, with odd bodies and ids. */
export function adminRequest(targets: FuzzTargets): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'HEAD', 'OPTIONS') }),
      path: adminPath(targets),
      query: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.tuple(oddKey, oddString()).map(([k, v]) => `?${percentEncode(k)}=${percentEncode(v)}`) }),
      auth: authorizationLines(adminKeyFrom(targets)),
      contentType: contentTypeLines,
      extra: extraHeaders,
      body: fc.option(fc.tuple(adminBody, bodyBreak).map(([b, broken]) => broken(Buffer.from(toJsonText(b), 'utf8'))), { freq: 4, nil: undefined }),
    })
    .map((r): RawRequest => {
      const headers: HeaderLine[] = [...r.auth, ...(r.body === undefined ? [] : r.contentType), ...r.extra];
      return { method: r.method, target: `/v1/admin${r.path}${r.query}`, headers, body: r.body };
    });
}
