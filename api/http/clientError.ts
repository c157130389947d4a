import type { Duplex } from 'node:stream';
import type { ErrorBody } from './errors.js';

interface Refusal {
  status: number;
  reason: string;
  code: string;
  message: string;
  field: string;
}

/** Node's own answers to what its HTTP parser refuses, with the API's codes. */
function refusalFor(code: string | undefined): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large', message: 'the request headers exceed 16 KB', field: 'headers' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'the request was not received in time', field: 'body' };
    default:
      return { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'the request is not valid HTTP/1.1', field: 'request' };
  }
}

/**
 * The server's `clientError` handler. Requests Node's parser refuses (a bad request line or
 * header byte, headers over the limit, a timeout) never reach Express; without this handler
 * Node answers them with a bare status line, breaking "every error body is JSON". The answer
 * is written to the socket by hand (there is no response object yet), as Node's default does,
 * and only when nothing was written on that connection yet.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex & { bytesWritten?: number }): void {
  if (err.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy();
    return;
  }
  const refusal = refusalFor(err.code);
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message, field: refusal.field } };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(json)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      'Cache-Control: no-store\r\n' +
      'Connection: close\r\n\r\n' +
      json,
  );
}
