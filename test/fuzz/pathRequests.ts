import fc from 'fast-check';
import { extraHeaders, type HeaderLine } from './headers.js';
import { pathSegment } from './paths.js';
import type { RawRequest } from './rawHttp.js';

/** Paths next to the real ones, traversal, absolute-form targets, and paths past the header limit. */
const TARGETS = [
  '/', '/healthz', '/readyz', '/openapi.json', '/openapi.json?x=%', '/cp.js', '/t/cp.000000000000.js', '/v1', '/v1/', '/v1/stats',
  '/v1/admin', '//v1/events', '/v1/%2e%2e/admin/project', '/%', '/%E0%A4%A', '/%00', '/..%2f..%2fetc%2fpasswd', '*',
  'http://evil.example/v1/events', '/favicon.ico', '/.env', '/v1/admin/../stats/overview', '/healthz?%', '/HEALTHZ',
];

const target: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TARGETS) },
  { weight: 3, arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`) },
  { weight: 1, arbitrary: fc.integer({ min: 9_000, max: 40_000 }).map((n) => `/${'p'.repeat(n)}`) },
);

/** Methods Node's parser knows, and a few it does not (those are parser-level 400s). */
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE', 'PUT', 'PATCH') },
  { weight: 1, arbitrary: fc.constantFrom('TRACE', 'PROPFIND', 'SEARCH', 'FOO', 'get', 'G ET') },
);

/** Host games: a second Host line, a foreign host, or none at all. */
interface HostGame {
  lines: HeaderLine[];
  noHost: boolean;
}
const hostGames: fc.Arbitrary<HostGame> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<HostGame>({ lines: [], noHost: false }) },
  { weight: 1, arbitrary: fc.constantFrom('evil.example', '', 'localhost:0', '[::1]').map((h): HostGame => ({ lines: [['Host', h]], noHost: false })) },
  { weight: 1, arbitrary: fc.constant<HostGame>({ lines: [], noHost: true }) },
);

/** Requests aimed at paths, methods and hosts rather than at one endpoint's contract. */
export function pathRequest(): fc.Arbitrary<RawRequest> {
  return fc.record({ method, target, host: hostGames, extra: extraHeaders }).map(
    (r): RawRequest => ({ method: r.method, target: r.target, headers: [...r.host.lines, ...r.extra], noHost: r.host.noHost }),
  );
}
