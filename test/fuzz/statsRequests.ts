import fc from 'fast-check';
import { authorizationLines, extraHeaders, hugeHeaderValue, type HeaderLine } from './headers.js';
import { oddKey, oddString } from './json.js';
import { pathSegment, percentEncode } from './paths.js';
import type { RawRequest } from './rawHttp.js';
import { keyFrom, type FuzzTargets } from './targets.js';

/**
 * Valid days come from one short window: each distinct valid request is a new ETag and a new
 * entry in the bounded response cache, and a small set keeps the memory comparison about leaks,
 * not about that cache filling up.
 */
const VALID_DAYS = ['2026-03-01', '2026-03-02', '2026-03-05', '2026-03-09', '2026-03-14'];
const BAD_DAYS = ['2026-02-29', '2026-13-01', '1899-12-31', '0000-01-01', '9999-12-31', '2026-3-1', '+002026-03-01', '2026-03-01T00:00:00Z', '', 'today'];

const day = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VALID_DAYS) }, { weight: 2, arbitrary: fc.constantFrom(...BAD_DAYS) }, { weight: 1, arbitrary: oddString(20) });
const PARAMS = ['from', 'to', 'includeBots', 'limit'];

/** `name=value` pairs: the known parameters with good and bad values, repeats, brackets and junk. */
const queryPair: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('from', 'to'), day).map(([n, d]) => `${n}=${percentEncode(d)}`) },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'TRUE', '1', '').map((v) => `includeBots=${v}`) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 1200 }).map(String), fc.constantFrom('2.5', '1e3', '0x10', '')).map((v) => `limit=${v}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PARAMS), oddString(10)).map(([n, v]) => `${n}[]=${percentEncode(v)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PARAMS, '__proto__', 'constructor'), oddKey, oddString(10)).map(([n, k, v]) => `${n}[${percentEncode(k)}]=${percentEncode(v)}`) },
  { weight: 1, arbitrary: fc.tuple(oddKey, oddString()).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`) },
  { weight: 1, arbitrary: fc.constantFrom('%', '=', '&', '%zz=1', 'from', 'from=%ED%A0%80', 'to=%00', 'projectId=x') },
);

const query: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...VALID_DAYS), fc.constantFrom(...VALID_DAYS)).map(([f, t]) => `from=${f}&to=${t}`) },
  { weight: 4, arbitrary: fc.array(queryPair, { maxLength: 5 }).map((pairs) => pairs.join('&')) },
);

const ifNoneMatch: fc.Arbitrary<HeaderLine[]> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<HeaderLine[]>([]) },
  { weight: 2, arbitrary: fc.constantFrom('*', '"x"', 'W/"x"', '"', ',,,', '"a", W/"b", *').map((v): HeaderLine[] => [['If-None-Match', v]]) },
  { weight: 1, arbitrary: hugeHeaderValue.map((v): HeaderLine[] => [['If-None-Match', `"${v.slice(0, 12_000)}"`]]) },
);

/** GET /v1/stats/<endpoint>?… with every parameter and header fuzzed. */
export function statsRequest(targets: FuzzTargets): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: fc.oneof({ weight: 10, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constantFrom('HEAD', 'POST', 'OPTIONS', 'DELETE') }),
      endpoint: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('overview', 'videos', 'pages', 'transitions') }, { weight: 1, arbitrary: pathSegment }),
      query,
      auth: authorizationLines(keyFrom(targets.a.readKey, targets)),
      inm: ifNoneMatch,
      extra: extraHeaders,
    })
    .map((r): RawRequest => ({ method: r.method, target: `/v1/stats/${r.endpoint}?${r.query}`, headers: [...r.auth, ...r.inm, ...r.extra] }));
}
