import { createGzip, deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { v5 as uuidv5 } from 'uuid';
import type { IngestJobData } from '../../../shared/queue/contract.js';
import { expectClientError } from '../api/assertions.js';
import { BROWSER_UA, SHOP, startHarness, type Answer, type Harness } from '../api/harness.js';
import { basic, NODE_UA, segmentPost, track } from './client.js';

/** The job holding the event of a message, by the event id the mapper derives from its messageId. */
async function jobOf(h: Harness, message: Record<string, unknown>): Promise<IngestJobData | undefined> {
  const id = uuidv5(message.messageId as string, h.project.projectId);
  return (await h.waitingJobs()).find((j) => j.events.some((e) => e.id === id));
}

/** `bytes` zeros, gzipped as they stream, so the test itself never holds them. */
async function gzippedZeros(bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let sent = 0; sent < bytes; sent += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

function expectSuccess(answer: Answer, accepted: number): void {
  expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
  expect(answer.json).to.deep.equal({ success: true, accepted, rejected: [] });
}

/** Segment's error shape: `code` and `message` at the top level, beside the house `error`. */
function expectSegmentError(answer: Answer, status: number, code: string, field?: string): void {
  expectClientError(answer, status, code, field);
  expect(answer.json.code).to.equal(code);
  expect(answer.json.message).to.be.a('string').and.not.equal('');
}

describe('segment: the Tracking API transport', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  describe('auth', () => {
    it('when the write key is Basic auth as `key:` then 200 and the job is the project’s', async () => {
      const message = track();
      expectSuccess(await segmentPost(h, '/batch', { batch: [message] }, { key: h.project.writeKey }), 1);
      expect((await jobOf(h, message))?.projectId).to.equal(h.project.projectId);
    });

    it('when Basic auth carries the bare key without a colon then 200', async () => {
      const message = track();
      expectSuccess(await segmentPost(h, '/batch', { batch: [message] }, { authorization: basic(h.project.writeKey) }), 1);
      expect(await jobOf(h, message)).to.not.equal(undefined);
    });

    it('when the key is writeKey in the body and no header then 200', async () => {
      const message = track();
      expectSuccess(await segmentPost(h, '/batch', { writeKey: h.project.writeKey, batch: [message] }), 1);
      expect(await jobOf(h, message)).to.not.equal(undefined);
    });

    it('when Basic auth carries a password then 401 naming authorization, and nothing is enqueued', async () => {
      const message = track();
      expectSegmentError(await segmentPost(h, '/batch', { batch: [message] }, { authorization: basic(`${h.project.writeKey}:secret`) }), 401, 'invalid_key', 'authorization');
      expect(await jobOf(h, message)).to.equal(undefined);
    });

    it('when the key is unknown then 401 invalid_key with code and message at the top level', async () => {
      expectSegmentError(await segmentPost(h, '/batch', { batch: [track()] }, { key: 'cpw_notakey' }), 401, 'invalid_key', 'authorization');
      expectSegmentError(await segmentPost(h, '/batch', { writeKey: 'cpw_notakey', batch: [track()] }), 401, 'invalid_key', 'writeKey');
    });

    it('when no key is sent at all then 401 missing_key', async () => {
      expectSegmentError(await segmentPost(h, '/batch', { batch: [track()] }), 401, 'missing_key', 'writeKey');
    });

    it('when a read key is sent then 403 wrong_key_kind', async () => {
      expectSegmentError(await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.readKey }), 403, 'wrong_key_kind', 'authorization');
    });

    it('when the server key comes without an Origin then the job is from the server; with an Origin then 403', async () => {
      const message = track();
      expectSuccess(await segmentPost(h, '/batch', { batch: [message] }, { key: h.project.serverKey }), 1);
      expect((await jobOf(h, message))?.fromServer).to.equal(true);
      expectSegmentError(await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.serverKey, origin: SHOP }), 403, 'server_key_in_browser', 'origin');
    });

    it('when a browser origin is not allowed then 403 origin_not_allowed without CORS headers', async () => {
      const answer = await segmentPost(h, '/t', track(), { key: h.project.writeKey, origin: 'https://evil.example' });
      expectSegmentError(answer, 403, 'origin_not_allowed', 'origin');
      expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
    });
  });

  describe('bodies', () => {
    it('when the body is text/plain with the key inside (analytics.js) then 200 and CORS lets the page read it', async () => {
      const message = track();
      const answer = await segmentPost(h, '/t', JSON.stringify({ ...message, writeKey: h.project.writeKey }), {
        contentType: 'text/plain',
        origin: SHOP,
        headers: { 'user-agent': BROWSER_UA },
      });
      expectSuccess(answer, 1);
      expect(answer.headers.get('access-control-allow-origin')).to.equal(SHOP);
      expect(await jobOf(h, message)).to.not.equal(undefined);
    });

    it('when the body has no Content-Type then it is read as JSON', async () => {
      const message = track();
      expectSuccess(await segmentPost(h, '/track', message, { key: h.project.writeKey, contentType: null }), 1);
    });

    it('when the Content-Type is form data then 415 naming content-type', async () => {
      expectSegmentError(await segmentPost(h, '/batch', 'a=b', { key: h.project.writeKey, contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type', 'content-type');
    });

    it('when the body is declared in another charset than UTF-8 then 415 unsupported_charset; charset=utf-8 is stored', async () => {
      const body = { batch: [track()] };
      expectSegmentError(await segmentPost(h, '/batch', body, { key: h.project.writeKey, contentType: 'text/plain; charset=iso-8859-1' }), 415, 'unsupported_charset', 'content-type');
      expectSuccess(await segmentPost(h, '/batch', { batch: [track()] }, { key: h.project.writeKey, contentType: 'application/json; charset="UTF-8"' }), 1);
    });

    it('when the body is gzip then it is inflated and stored', async () => {
      const messages = [track(), track()];
      const body = gzipSync(JSON.stringify({ batch: messages }));
      expectSuccess(await segmentPost(h, '/batch', body, { key: h.project.writeKey, contentEncoding: 'gzip' }), 2);
      for (const m of messages) expect(await jobOf(h, m)).to.not.equal(undefined);
    });

    it('when the body is deflate then it is inflated and stored', async () => {
      const message = track();
      const body = deflateSync(JSON.stringify({ batch: [message] }));
      expectSuccess(await segmentPost(h, '/batch', body, { key: h.project.writeKey, contentEncoding: 'deflate' }), 1);
      expect(await jobOf(h, message)).to.not.equal(undefined);
    });

    it('when a gzip body is corrupt then 400 naming content-encoding; br is 415', async () => {
      const corrupt = gzipSync(JSON.stringify({ batch: [track()] })).subarray(0, 20);
      expectSegmentError(await segmentPost(h, '/batch', corrupt, { key: h.project.writeKey, contentEncoding: 'gzip' }), 400, 'invalid_encoding', 'content-encoding');
      expectSegmentError(await segmentPost(h, '/batch', '{}', { key: h.project.writeKey, contentEncoding: 'br' }), 415, 'unsupported_encoding', 'content-encoding');
    });

    it('when a gzip body inflates past 500 KB then 413, though it is small on the wire', async () => {
      // 60 messages of ~9 KB each: about 540 KB of JSON, a few KB compressed.
      const batch = Array.from({ length: 60 }, () => track({ properties: { note: 'x'.repeat(9000) } }));
      const json = JSON.stringify({ batch });
      expect(json.length).to.be.above(500 * 1024);
      const body = gzipSync(json);
      expect(body.length).to.be.below(50 * 1024);
      expectSegmentError(await segmentPost(h, '/batch', body, { key: h.project.writeKey, contentEncoding: 'gzip' }), 413, 'body_too_large', 'body');
      // The same JSON uncompressed is refused alike.
      expectSegmentError(await segmentPost(h, '/batch', json, { key: h.project.writeKey }), 413, 'body_too_large', 'body');
    });

    it('when a zip bomb (384 MB of zeros in 400 KB) is posted then 413 promptly, without inflating it', async () => {
      const body = await gzippedZeros(384 * 1024 * 1024);
      expect(body.length).to.be.below(500 * 1024);
      const before = process.memoryUsage().arrayBuffers;
      const started = Date.now();
      expectSegmentError(await segmentPost(h, '/batch', body, { key: h.project.writeKey, contentEncoding: 'gzip' }), 413, 'body_too_large', 'body');
      expect(Date.now() - started).to.be.below(2000);
      // Inflating it whole would hold 384 MB; the cap holds the limit and a zlib chunk.
      expect(process.memoryUsage().arrayBuffers - before).to.be.below(64 * 1024 * 1024);
    });

    it('when the body is not JSON then 400 {code: invalid_json, message}', async () => {
      const answer = await segmentPost(h, '/batch', '{"batch": [', { key: h.project.writeKey });
      expectSegmentError(answer, 400, 'invalid_json', 'body');
    });

    it('when the body is not UTF-8 then 400 invalid_utf8', async () => {
      const body = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]);
      expectSegmentError(await segmentPost(h, '/batch', body, { key: h.project.writeKey }), 400, 'invalid_utf8', 'body');
    });

    it('when batch is missing or empty then 400 naming batch', async () => {
      expectSegmentError(await segmentPost(h, '/batch', { messages: [] }, { key: h.project.writeKey }), 400, 'invalid_body', 'batch');
      expectSegmentError(await segmentPost(h, '/batch', { batch: [] }, { key: h.project.writeKey }), 400, 'invalid_body', 'batch');
    });

    it('when a batch holds 2,501 messages then 413 too_many_messages and nothing is enqueued', async () => {
      const batch = Array.from({ length: 2501 }, () => ({ type: 'track', messageId: 'm', anonymousId: 'a', event: 'e' }));
      expectSegmentError(await segmentPost(h, '/batch', { batch }, { key: h.project.writeKey }), 413, 'too_many_messages', 'batch');
    });
  });

  describe('answers', () => {
    it('when a 40 KB message sits among 14 good ones then it alone is rejected, by index, naming the limit', async () => {
      const batch = Array.from({ length: 15 }, () => track());
      batch[6] = track({ properties: { blob: 'y'.repeat(40 * 1024) } });
      const answer = await segmentPost(h, '/batch', { batch }, { key: h.project.writeKey });
      expect(answer.status).to.equal(200);
      expect(answer.json.accepted).to.equal(14);
      const rejected = answer.json.rejected as { index: number; field: string; reason: string }[];
      expect(rejected).to.have.length(1);
      expect(rejected[0]!.index).to.equal(6);
      expect(rejected[0]!.reason).to.match(/^message is \d+ bytes; the limit is 32768 bytes per message$/);
      const job = await jobOf(h, batch[0]!);
      expect(job?.events).to.have.length(14);
    });

    it('when every message is rejected then 400 no_valid_events with the rejections by index', async () => {
      const answer = await segmentPost(h, '/batch', { batch: [track({ type: 'bogus' }), 42] }, { key: h.project.writeKey });
      expectSegmentError(answer, 400, 'no_valid_events', 'batch');
      expect(answer.json.accepted).to.equal(0);
      expect(answer.json.rejected).to.deep.equal([
        { index: 0, field: 'type', reason: 'must be one of track, page, identify, group, alias, screen' },
        { index: 1, field: '', reason: 'must be an object' },
      ]);
    });

    it('when a message is an hour and a half ahead then it alone is rejected ts_future, naming its timestamp', async () => {
      const late = track({ timestamp: new Date(Date.now() + 90 * 60_000).toISOString() });
      const answer = await segmentPost(h, '/batch', { batch: [track(), late] }, { key: h.project.writeKey });
      expect(answer.status).to.equal(200);
      expect(answer.json.rejected).to.deep.equal([{ index: 1, field: 'timestamp', reason: 'ts_future' }]);
    });

    it('when sentAt lags the server clock by a minute then the job carries it and the messages get a session', async () => {
      const sentAt = new Date(Date.now() - 60_000).toISOString();
      const message = track({ timestamp: new Date(Date.now() - 70_000).toISOString() });
      expectSuccess(await segmentPost(h, '/batch', { batch: [message], sentAt }, { key: h.project.writeKey }), 1);
      const job = await jobOf(h, message);
      expect(job?.sentAt).to.equal(Date.parse(sentAt));
      const event = job?.events[0] as { sessionId?: string; type: string; name?: string };
      expect(event.type).to.equal('custom');
      expect(event.sessionId).to.match(/^[0-9a-f-]{36}$/);
    });

    it('when a batch holds 2,500 messages then it is split into jobs of at most 500 events', async () => {
      const anonymousId = 'one-visitor';
      const batch = Array.from({ length: 2500 }, (_, i) => ({ type: 'track', messageId: `bulk-${i}`, anonymousId, event: 'Bulk', timestamp: new Date().toISOString() }));
      expectSuccess(await segmentPost(h, '/import', { batch }, { key: h.project.writeKey }), 2500);
      const ids = new Set(batch.map((m) => uuidv5(m.messageId, h.project.projectId)));
      const jobs = (await h.waitingJobs()).filter((j) => j.events.some((e) => ids.has(e.id)));
      expect(jobs.length).to.be.at.least(5);
      expect(Math.max(...jobs.map((j) => j.events.length))).to.be.at.most(500);
      expect(jobs.reduce((n, j) => n + j.events.length, 0)).to.equal(2500);
    });

    it('when Redis cannot run the session split then the request is 503 session_store_unavailable with Retry-After and nothing is queued', async () => {
      // A real Redis failure for this visitor alone: its state key holds a string where the
      // split's script reads a hash, so Redis answers WRONGTYPE.
      const broken = track();
      const other = track();
      const stateKey = `${h.t.config.redis.prefix}:segment:session:${h.project.projectId}:${broken.anonymousId as string}`;
      await h.redis.set(stateKey, 'not a hash', 'EX', 60);
      const answer = await segmentPost(h, '/batch', { batch: [other, broken] }, { key: h.project.writeKey });
      expectSegmentError(answer, 503, 'session_store_unavailable');
      expect(answer.headers.get('retry-after')).to.equal('5');
      expect(await jobOf(h, other)).to.equal(undefined);
      expect(await jobOf(h, broken)).to.equal(undefined);
      await h.redis.del(stateKey);
      expectSuccess(await segmentPost(h, '/batch', { batch: [other, broken] }, { key: h.project.writeKey }), 2);
    });
  });

  describe('routes', () => {
    for (const path of ['/batch', '/import', '/b']) {
      it(`when a batch is posted to ${path} then it is accepted`, async () => {
        const message = track();
        expectSuccess(await segmentPost(h, path, { batch: [message] }, { key: h.project.writeKey }), 1);
        expect(await jobOf(h, message)).to.not.equal(undefined);
      });
    }

    for (const path of ['/track', '/t']) {
      it(`when one message is posted to ${path} then the path names its type`, async () => {
        const { type: _type, ...message } = track();
        expectSuccess(await segmentPost(h, path, message, { key: h.project.writeKey }), 1);
        expect(await jobOf(h, message)).to.not.equal(undefined);
      });
    }

    it('when OPTIONS is asked by a page then the preflight allows Authorization, Content-Type and X-Retry-Count', async () => {
      for (const path of ['/batch', '/t', '/m']) {
        const answer = await h.request('OPTIONS', `/v1${path}`, { headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
        expect(answer.status, path).to.equal(204);
        expect(answer.headers.get('access-control-allow-origin')).to.equal(SHOP);
        expect(answer.headers.get('access-control-allow-methods')).to.equal('POST');
        expect(answer.headers.get('access-control-allow-headers')).to.equal('Authorization, Content-Type, X-Retry-Count');
      }
    });

    it('when /v1/m gets telemetry then 204 and nothing is enqueued', async () => {
      const before = (await h.waitingJobs()).length;
      const answer = await segmentPost(h, '/m', { series: [{ type: 'Counter', metric: 'analytics_js.invoke', value: 1 }] }, { contentType: 'text/plain' });
      expect(answer.status).to.equal(204);
      expect((await h.waitingJobs()).length).to.equal(before);
    });

    it('when a Segment path is asked with GET then 405 with Allow', async () => {
      const answer = await h.request('GET', '/v1/batch');
      expectSegmentError(answer, 405, 'method_not_allowed', 'method');
      expect(answer.headers.get('allow')).to.equal('POST, OPTIONS');
    });

    it('when /v1/events is posted then it still answers 202 in its own shape', async () => {
      const answer = await h.post({ events: [{ id: crypto.randomUUID(), type: 'custom', name: 'x', ts: Date.now(), visitorId: crypto.randomUUID(), sessionId: crypto.randomUUID() }] }, { key: h.project.writeKey });
      expect(answer.status).to.equal(202);
      expect(answer.json).to.deep.equal({ accepted: 1, rejected: [] });
    });
  });

  describe('context', () => {
    it('when a server library posts (no Origin) then its own user agent and address are not the visitor’s', async () => {
      const message = track();
      expectSuccess(await segmentPost(h, '/batch', { batch: [message] }, { key: h.project.writeKey, headers: { 'accept-language': 'de-DE' } }), 1);
      const job = await jobOf(h, message);
      expect(job?.fromServer).to.equal(false);
      expect(job?.context).to.deep.equal({ userAgent: null, country: null, region: null, city: null, latitude: null, longitude: null, language: null, ipPrefix: null });
    });

    it('when a browser posts (with Origin) then the request fills the visitor’s user agent and language', async () => {
      const message = track();
      const body = JSON.stringify({ ...message, writeKey: h.project.writeKey });
      const headers = { 'user-agent': BROWSER_UA, 'accept-language': 'fr-CH, fr;q=0.9' };
      expectSuccess(await segmentPost(h, '/t', body, { contentType: 'text/plain', origin: SHOP, headers }), 1);
      const job = await jobOf(h, message);
      expect(job?.context).to.deep.include({ userAgent: BROWSER_UA, language: 'fr' });
      expect(JSON.stringify(job)).to.not.match(/127\.0\.0\.1|::1|::ffff/);
      expect(NODE_UA).to.not.equal(BROWSER_UA);
    });
  });
});
