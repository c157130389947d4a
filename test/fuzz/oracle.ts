import type { RawRequest, RawResponse } from './rawHttp.js';

/**
 * What must hold for every answer, whatever was sent. Returns the problems found (empty when
 * the answer is fine) rather than throwing, so a batch can report all of its failures at once.
 */
export function answerProblems(request: RawRequest, response: RawResponse | undefined): string[] {
  if (response === undefined) return ['the connection closed without an answer'];
  // Node itself answers an HTTP/1.1 request without Host with a bare 400 before any handler
  // runs (its `requireHostHeader`); proxies always send Host, so this one is left to Node.
  if (request.noHost === true && response.status === 400 && response.body.length === 0) return [];
  const problems: string[] = [];
  const { status } = response;
  if (status >= 500) problems.push(`status ${status}`);
  if (response.headers.get('x-content-type-options') !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff (helmet) header');

  const text = response.body.toString('utf8');
  const own = withoutEchoes(text, request);
  const leak = LEAKS.find((pattern) => pattern.test(own));
  if (leak) problems.push(`the body leaks internals (${String(leak)})`);

  const bodiless = request.method === 'HEAD' || status === 204 || status === 304;
  if (status >= 400 && !bodiless) problems.push(...errorBodyProblems(response, text));
  else if (!bodiless && isJson(response) && !parses(text)) problems.push('a JSON answer whose body is not JSON');
  return problems;
}

/**
 * Internals a client must never see: stack frames, source or install paths, driver and SQL
 * messages. None of these can come from echoing the fuzzer's own input (it never generates them).
 */
const LEAKS: readonly RegExp[] = [
  /\bat [^\s()]+ \([^)]*:\d+:\d+\)/,
  /node_modules/,
  /\/work\/|\/home\/|\/usr\/lib\//,
  /\.(ts|js|mjs|cjs):\d+/,
  /syntax error at or near|violates (not-null|foreign key|unique|check) constraint|duplicate key value|relation "[^"]+"|invalid input syntax for/,
  /MikroORM|DriverException|QueryFailedError|ECONNREFUSED|ERR_[A-Z_]{4,}/,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError): /,
  /Cannot read propert|is not a function|Maximum call stack/,
];

/** The body minus what the request itself put there (a 404 names its path, a 403 its origin). */
function withoutEchoes(text: string, request: RawRequest): string {
  const echoes = [request.target.split('?', 1)[0] ?? '', ...request.headers.map(([, value]) => value)].filter((e) => e.length >= 4);
  let out = text;
  for (const echo of echoes) out = out.split(JSON.stringify(echo).slice(1, -1)).join('').split(echo).join('');
  return out;
}

/** Every 4xx (and the 503 overload answers) is `{"error": {"code", "message", "field"?}}` as JSON. */
function errorBodyProblems(response: RawResponse, text: string): string[] {
  if (!isJson(response)) return [`a ${response.status} that is not JSON (Content-Type: ${response.headers.get('content-type') ?? 'none'})`];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`a ${response.status} whose JSON body does not parse`];
  }
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) return [`a ${response.status} without an error object`];
  const problems: string[] = [];
  if (typeof error.code !== 'string' || !/^[a-z0-9_]+$/.test(error.code)) problems.push(`a ${response.status} without an error code naming the reason`);
  if (typeof error.message !== 'string' || error.message === '') problems.push(`a ${response.status} without an error message`);
  if (error.field !== undefined && typeof error.field !== 'string') problems.push(`a ${response.status} whose field is not a string`);
  return problems;
}

function isJson(response: RawResponse): boolean {
  return /^application\/json\b/i.test(response.headers.get('content-type') ?? '');
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A request shortened for a failure message: the request line, headers, and the body's start. */
export function describeRequest(request: RawRequest): string {
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const headers = request.headers.map(([name, value]) => `${name}: ${clip(value, 120)}`).join(' | ');
  const body = request.body === undefined ? '' : ` body(${request.body.length} B${request.chunked === true ? ', chunked' : ''}): ${clip(Buffer.from(request.body).toString('utf8'), 300)}`;
  return `${request.method} ${clip(request.target, 200)}${request.noHost === true ? ' (no Host)' : ''} [${headers}]${body}`;
}
