import { connect } from 'node:net';

/**
 * A request written byte for byte on a fresh socket. `fetch` and `node:http` normalize what a
 * hostile client would not: they merge duplicate headers, refuse odd bytes in header values and
 * paths, and fix the framing. Here every header line is sent as given, in order.
 */
export interface RawRequest {
  method: string;
  /** The request target exactly as it goes on the request line (percent-encode it yourself). */
  target: string;
  /** Header lines in order, duplicates allowed; values are sent as UTF-8 bytes. */
  headers: readonly (readonly [string, string])[];
  body?: Uint8Array;
  /** Frame the body as `Transfer-Encoding: chunked` instead of `Content-Length`. */
  chunked?: boolean;
  /** Leave out the Host header (HTTP/1.1 requires it: a parser-level 400). */
  noHost?: boolean;
}

export interface RawResponse {
  status: number;
  /** Lowercased names; repeated headers joined with ", ". */
  headers: Map<string, string>;
  body: Buffer;
}

/** Nothing in this API takes this long to answer; a hang is a failure, not a slow answer. */
const ANSWER_TIMEOUT_MS = 15_000;

export function encodeRequest(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (request.noHost !== true) lines.push(`Host: ${host}`);
  lines.push('Connection: close');
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const body = request.body ?? new Uint8Array();
  if (request.chunked === true) lines.push('Transfer-Encoding: chunked');
  else if (body.length > 0) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  if (request.chunked !== true) return Buffer.concat([head, body]);
  const chunk = body.length > 0 ? [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')] : [];
  return Buffer.concat([head, ...chunk, Buffer.from('0\r\n\r\n')]);
}

/**
 * Sends one request and reads until the server closes the connection. A reset before any
 * byte of an answer resolves to `undefined`: the caller decides whether that request deserved it.
 */
export function sendRaw(port: number, request: RawRequest): Promise<RawResponse | undefined> {
  const bytes = encodeRequest(request, `127.0.0.1:${port}`);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms to ${request.method} ${request.target.slice(0, 200)}`));
    }, ANSWER_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      if (data.length === 0) {
        resolve(undefined);
        return;
      }
      try {
        resolve(parseResponse(data));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer early (a 413, a parser error) and close while the body is still
    // going out: that is an EPIPE/ECONNRESET here, and what was read so far is the answer.
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** Parses the last final (non-1xx) response in `data`; a `100 Continue` may precede it. */
export function parseResponse(data: Buffer): RawResponse {
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new Error(`truncated response head: ${JSON.stringify(rest.subarray(0, 200).toString('latin1'))}`);
    const [statusLine = '', ...headerLines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    if (!Number.isInteger(status)) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
    const afterHead = rest.subarray(end + 4);
    if (status >= 100 && status < 200) {
      rest = afterHead;
      continue;
    }
    const headers = new Map<string, string>();
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers.set(name, headers.has(name) ? `${headers.get(name) ?? ''}, ${value}` : value);
    }
    const body = headers.get('transfer-encoding')?.toLowerCase() === 'chunked' ? dechunk(afterHead) : bodyByLength(afterHead, headers);
    return { status, headers, body };
  }
}

function bodyByLength(rest: Buffer, headers: Map<string, string>): Buffer {
  const length = headers.get('content-length');
  return length === undefined ? rest : rest.subarray(0, Number(length));
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('truncated chunked body');
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
