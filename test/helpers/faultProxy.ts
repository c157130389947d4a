import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request:
 * - `pass`: forwards it and hands the app's answer back;
 * - `landThen503`: forwards it (so the app stores it) but answers the client 503;
 * - `landThenLate`: forwards it and hands the answer back only after `delayMs`, when the client
 *   has given up waiting;
 * - `refuse429`: answers 429 with `Retry-After: retryAfter` without forwarding.
 */
export type Fault = { kind: 'pass' } | { kind: 'landThen503' } | { kind: 'landThenLate'; delayMs: number } | { kind: 'refuse429'; retryAfter: number };

export interface SeenRequest {
  /** Arrival order, from 0. */
  index: number;
  at: number;
  method: string;
  path: string;
  retryCount: string | undefined;
  contentType: string | undefined;
  body: string;
  fault: Fault['kind'];
  /** What the app answered; absent when the proxy answered alone. */
  appStatus?: number;
  appHeaders?: Record<string, string>;
  appBody?: string;
}

/**
 * An HTTP proxy between a Segment client and the app that records every request (preflights
 * included) and misbehaves on purpose when told, the way a load balancer or a slow network does:
 * the client's retries then meet an app that already stored the batch. Faults are chosen per
 * request by `decide`, in arrival order.
 */
export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  decide: (request: { index: number; retryCount: string | undefined; path: string; body: string }) => Fault = () => ({ kind: 'pass' });

  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, target);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      proxy.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(err));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The messageIds of every batch the client sent, one entry per request. */
  messageIdsSent(): string[][] {
    return this.seen.filter((r) => r.method === 'POST' && r.path === '/v1/batch').map((r) => (JSON.parse(r.body) as { batch: { messageId: string }[] }).batch.map((m) => m.messageId));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const retryCount = req.headers['x-retry-count'] as string | undefined;
    const path = req.url ?? '/';
    const seen: SeenRequest = { index: this.seen.length, at: Date.now(), method: req.method ?? '', path, retryCount, contentType: req.headers['content-type'], body, fault: 'pass' };
    this.seen.push(seen);
    const fault = this.decide({ index: seen.index, retryCount, path, body });
    seen.fault = fault.kind;
    if (fault.kind === 'refuse429') {
      res.writeHead(429, { 'retry-after': String(fault.retryAfter), 'content-type': 'application/json' });
      res.end('{"code":"overloaded","message":"try again later"}');
      return;
    }
    const answer = await fetch(`${this.target}${path}`, { method: req.method, headers: forwardedHeaders(req), body: req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' ? undefined : raw });
    seen.appStatus = answer.status;
    seen.appHeaders = answeredHeaders(answer.headers);
    seen.appBody = await answer.text();
    if (fault.kind === 'landThen503') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"code":"unavailable","message":"upstream hiccup"}');
      return;
    }
    if (fault.kind === 'landThenLate') await new Promise((r) => setTimeout(r, fault.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, seen.appHeaders);
    res.end(seen.appBody);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

/** Headers that describe one hop, not the request or answer. */
const HOP_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** Everything the client sent but the hop itself: CORS preflights and auth reach the app as sent. */
function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (HOP_HEADERS.has(name)) continue;
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** The app's answer headers; its body reaches the proxy decoded, so its encoding is dropped too. */
function answeredHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name) && name !== 'content-encoding') out[name] = value;
  });
  return out;
}
