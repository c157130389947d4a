import fc from 'fast-check';
import { bodyBreak } from './bodies.js';
import { contentTypeLines, extraHeaders, headerSafe, type HeaderLine } from './headers.js';
import { anyJson, hugeString, obj, oddKey, oddString, PROTOTYPE_KEYS, toJsonText, type Json } from './json.js';
import { pathSegment } from './paths.js';
import type { RawRequest } from './rawHttp.js';
import type { FuzzTargets } from './targets.js';

type Entry = readonly [string, Json];

const ACCOUNT_FIELDS = ['email', 'password', 'currentPassword', 'newPassword', 'name', 'timezone', 'currency', 'allowedOrigins', 'role'];

const fieldValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: oddString(60) },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.constantFrom<Json>('', ' ', 'owner', 'viewer', 'root', 'UTC', 'Europe/Paris', null, 0, true, []) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: anyJson },
);

const accountBody: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ACCOUNT_FIELDS) }, { weight: 1, arbitrary: oddKey }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }), fieldValue), { maxLength: 4 })
      .map((entries: Entry[]) => obj(entries)),
  },
  { weight: 2, arbitrary: anyJson },
);

/** Session cookies no server made: well-formed tokens, junk, repeats, other cookies around them. */
const cookieLines: fc.Arbitrary<HeaderLine[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<HeaderLine[]>([]) },
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((t): HeaderLine[] => [['Cookie', `cuepoint_session=${t}`]]) },
  { weight: 2, arbitrary: oddString(80).map((v): HeaderLine[] => [['Cookie', headerSafe(`cuepoint_session=${v}`)]]) },
  { weight: 1, arbitrary: fc.constantFrom<HeaderLine[]>([['Cookie', 'cuepoint_session=']], [['Cookie', 'a=b; cuepoint_session=x; cuepoint_session=y']], [['Cookie', ';;;=']]) },
);

/** Project headers of every sort: B's id, an unknown id, junk, repeated. */
function projectLines(targets: FuzzTargets): fc.Arbitrary<HeaderLine[]> {
  const value = fc.oneof(fc.uuid(), oddString(50).map(headerSafe), fc.constant(targets.b.origin));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<HeaderLine[]>([]) },
    { weight: 3, arbitrary: value.map((v): HeaderLine[] => [['X-Cuepoint-Project', v]]) },
    { weight: 1, arbitrary: fc.tuple(value, value).map(([x, y]): HeaderLine[] => [['X-Cuepoint-Project', x], ['X-Cuepoint-Project', y]]) },
  );
}

const csrfLines: fc.Arbitrary<HeaderLine[]> = fc.oneof(
  fc.constant<HeaderLine[]>([]),
  oddString(60).map((v): HeaderLine[] => [['X-CSRF-Token', headerSafe(v)]]),
);

const originLines: fc.Arbitrary<HeaderLine[]> = fc.oneof(
  fc.constant<HeaderLine[]>([]),
  fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1').map((o): HeaderLine[] => [['Origin', o]]),
);

const accountPath: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('/v1/auth/login', '/v1/auth/logout', '/v1/auth/session', '/v1/auth/password', '/v1/projects', '/v1/admin/members', '/v1/admin/project', '/v1/stats/overview') },
  { weight: 2, arbitrary: fc.oneof(fc.uuid(), pathSegment).map((id) => `/v1/admin/members/${id}`) },
  { weight: 1, arbitrary: pathSegment.map((s) => `/v1/auth/${s}`) },
);

/**
 * Sign-in, session and member requests: odd bodies, forged cookies, CSRF tokens and project
 * headers. No fuzzed request can sign in (the harness has no user), so none changes anything.
 */
export function accountRequest(targets: FuzzTargets): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'HEAD', 'OPTIONS') }),
      path: accountPath,
      cookie: cookieLines,
      project: projectLines(targets),
      csrf: csrfLines,
      origin: originLines,
      contentType: contentTypeLines,
      extra: extraHeaders,
      body: fc.option(fc.tuple(accountBody, bodyBreak).map(([b, broken]) => broken(Buffer.from(toJsonText(b), 'utf8'))), { freq: 3, nil: undefined }),
    })
    .map((r): RawRequest => {
      const headers: HeaderLine[] = [...r.cookie, ...r.project, ...r.csrf, ...r.origin, ...(r.body === undefined ? [] : r.contentType), ...r.extra];
      return { method: r.method, target: r.path, headers, body: r.body };
    });
}
