import { expect } from 'chai';
import { expectClientError, expectRejected } from './assertions.js';
import { ev, SHOP, startHarness, type Harness } from './harness.js';

const YEAR_MS = 365 * 86_400_000;

describe('ingest: bad input', () => {
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop', timezone: 'Europe/Berlin', allowedOrigins: [SHOP] },
        { name: 'Other', timezone: 'UTC', allowedOrigins: ['https://other.example'] },
      ],
    });
    key = h.project.writeKey;
  });
  after(async () => {
    await h.close();
  });
  afterEach(async () => {
    // Whatever the client sent, the server keeps serving.
    const health = await h.request('GET', '/healthz');
    expect(health.status).to.equal(200);
  });

  describe('the request', () => {
    it('when the body is malformed JSON then 400 invalid_json naming the body', async () => {
      expectClientError(await h.post('{"events": [', { key }), 400, 'invalid_json', 'body');
    });

    it('when the body is empty then 400 invalid_json', async () => {
      expectClientError(await h.post('', { key }), 400, 'invalid_json', 'body');
    });

    it('when the content type is XML then 415 naming content-type', async () => {
      expectClientError(await h.post({ events: [ev.pageView()] }, { key, contentType: 'application/xml' }), 415, 'unsupported_media_type', 'content-type');
    });

    it('when there is no content type then 415', async () => {
      // A byte body, so that fetch adds no text/plain of its own.
      const body = new TextEncoder().encode(JSON.stringify({ events: [ev.pageView()] }));
      expectClientError(await h.post(body, { key, contentType: null }), 415, 'unsupported_media_type', 'content-type');
    });

    it('when the charset is not UTF-8 then 415', async () => {
      const answer = await h.post({ events: [ev.pageView()] }, { key, contentType: 'text/plain; charset=iso-8859-1' });
      expectClientError(answer, 415, 'unsupported_charset', 'content-type');
    });

    it('when the body is gzip-encoded then 415 naming content-encoding', async () => {
      const answer = await h.post({ events: [ev.pageView()] }, { key, headers: { 'content-encoding': 'gzip' } });
      expectClientError(answer, 415, 'unsupported_encoding', 'content-encoding');
    });

    it('when the body has invalid UTF-8 bytes then 400 invalid_utf8, never replaced', async () => {
      const json = Buffer.from(JSON.stringify({ events: [ev.custom({ note: 'XX' })] }));
      const at = json.indexOf('XX');
      json[at] = 0xc3; // a lead byte followed by an ASCII byte: invalid
      json[at + 1] = 0x28;
      expectClientError(await h.post(new Uint8Array(json), { key }), 400, 'invalid_utf8', 'body');
    });

    it('when the body is 600 KB then 413 naming the body', async () => {
      const padding = 'x'.repeat(600 * 1024);
      const answer = await h.post({ events: [ev.custom({ padding })] }, { key });
      expectClientError(answer, 413, 'body_too_large', 'body');
    });

    it('when there are 501 events then 413 naming events', async () => {
      const events = Array.from({ length: 501 }, () => ev.play());
      expectClientError(await h.post({ events }, { key }), 413, 'too_many_events', 'events');
    });

    it('when events is missing, empty or not an array then 400 naming events', async () => {
      expectClientError(await h.post({}, { key }), 400, 'invalid_body', 'events');
      expectClientError(await h.post({ events: [] }, { key }), 400, 'invalid_body', 'events');
      expectClientError(await h.post({ events: 'many' }, { key }), 400, 'invalid_body', 'events');
    });

    it('when events is present but of the wrong type then the message says so, not that it is missing', async () => {
      const wrongType = await h.post({ events: 5 }, { key });
      expectClientError(wrongType, 400, 'invalid_body', 'events');
      expect(JSON.stringify(wrongType.json)).to.not.include('is required');
      const missing = await h.post({}, { key });
      expect(JSON.stringify(missing.json)).to.include('events is required');
    });

    it('when the body is a JSON array then 400 naming the body', async () => {
      expectClientError(await h.post([ev.pageView()], { key }), 400, 'invalid_body', 'body');
    });

    it('when sentAt is not a timestamp then 400 naming sentAt', async () => {
      expectClientError(await h.post({ sentAt: 'yesterday', events: [ev.pageView()] }, { key }), 400, 'invalid_body', 'sentAt');
    });

    it('when the envelope has a __proto__ key then 400 naming it', async () => {
      const body = `{"__proto__": {"polluted": true}, "events": [${JSON.stringify(ev.pageView())}]}`;
      expectClientError(await h.post(body, { key }), 400, 'invalid_body', '__proto__');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('when GET is used then 405 with Allow', async () => {
      const answer = await h.request('GET', '/v1/events');
      expectClientError(answer, 405, 'method_not_allowed');
      expect(answer.headers.get('allow')).to.equal('POST, OPTIONS');
    });
  });

  describe('the key and origin', () => {
    it('when no key is sent then 401 missing_key naming key', async () => {
      expectClientError(await h.post({ events: [ev.pageView()] }), 401, 'missing_key', 'key');
    });

    it('when the key is unknown then 401 invalid_key', async () => {
      const forged = `${key.slice(0, -4)}AAAA`;
      expectClientError(await h.post({ events: [ev.pageView()] }, { key: forged }), 401, 'invalid_key', 'x-cuepoint-key');
      expectClientError(await h.post({ key: 'cpw_nonsense', events: [ev.pageView()] }), 401, 'invalid_key', 'key');
    });

    it('when a read or admin key is used as write key then 403 wrong_key_kind', async () => {
      expectClientError(await h.post({ events: [ev.pageView()] }, { key: h.project.readKey }), 403, 'wrong_key_kind', 'x-cuepoint-key');
      expectClientError(await h.post({ key: h.project.adminKey, events: [ev.pageView()] }), 403, 'wrong_key_kind', 'key');
    });

    it('when the key was revoked then 401 key_revoked', async () => {
      const other = h.projects[1]!;
      const rotated = await h.admin('POST', '/keys/write/rotate', undefined, other.adminKey);
      expect(rotated.status).to.equal(201);
      // Rotation leaves the old write key a grace period; revoking it stops it at once.
      expect((await h.admin('DELETE', `/keys/${other.writeKey.slice(0, 12)}`, undefined, other.adminKey)).status).to.equal(204);
      expectClientError(await h.post({ events: [ev.pageView()] }, { key: other.writeKey }), 401, 'key_revoked', 'x-cuepoint-key');
      const fresh = await h.post({ events: [ev.pageView({ url: 'https://other.example/' })] }, { key: rotated.json.key as string });
      expect(fresh.status).to.equal(202);
    });

    it('when the origin is not allowed then 403 naming origin, without CORS headers', async () => {
      const answer = await h.post({ events: [ev.pageView()] }, { key, origin: 'https://evil.example' });
      expectClientError(answer, 403, 'origin_not_allowed', 'origin');
      expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
    });

    it("when another project's origin is used with this key then 403", async () => {
      const answer = await h.post({ events: [ev.pageView()] }, { key, origin: 'https://other.example' });
      expectClientError(answer, 403, 'origin_not_allowed', 'origin');
    });

    it('when the origin is the literal null then 403', async () => {
      expectClientError(await h.post({ events: [ev.pageView()] }, { key, origin: 'null' }), 403, 'origin_not_allowed', 'origin');
    });
  });

  describe('one event', () => {
    const post = (event: unknown) => h.post({ events: [event] }, { key });

    it('when an event is 40 KB then it is rejected for its size', async () => {
      expectRejected(await post(ev.custom({ blob: 'x'.repeat(40 * 1024) })), '', /bytes/);
    });

    it('when the type is unknown then it is rejected naming type', async () => {
      expectRejected(await post(ev.base('teleport')), 'type', /not a known event type/);
    });

    it('when the event is not an object then it is rejected', async () => {
      expectRejected(await post('page_view'), '', /object/);
    });

    for (const field of ['id', 'ts', 'visitorId', 'sessionId']) {
      it(`when ${field} is missing then it is rejected naming ${field}`, async () => {
        const event = Object.fromEntries(Object.entries(ev.pageView()).filter(([name]) => name !== field));
        // ts is a union (number or ISO string); zod words its absence differently.
        expectRejected(await post(event), field, field === 'ts' ? /./ : /required/);
      });
    }

    for (const field of ['id', 'visitorId', 'sessionId', 'playId']) {
      it(`when ${field} is not a UUID then it is rejected naming ${field}`, async () => {
        expectRejected(await post(ev.play({ [field]: 'not-a-uuid' })), field, /UUID/);
      });
    }

    it('when ts is a year in the future then it is rejected ts_future', async () => {
      expectRejected(await post(ev.pageView({ ts: Date.now() + YEAR_MS })), 'ts', /ts_future/);
    });

    it('when ts is ten years ago then it is rejected ts_too_old', async () => {
      expectRejected(await post(ev.pageView({ ts: Date.now() - 10 * YEAR_MS })), 'ts', /ts_too_old/);
    });

    it('when ts is not a timestamp then it is rejected naming ts', async () => {
      expectRejected(await post(ev.pageView({ ts: 'last tuesday' })), 'ts');
    });

    for (const percent of [0, 33, 101, '50', -25]) {
      it(`when percent is ${JSON.stringify(percent)} then it is rejected naming percent`, async () => {
        expectRejected(await post(ev.progress(percent)), 'percent', /25, 50, 75, 100/);
      });
    }

    for (const seconds of [-1, 86_401, 1e308]) {
      it(`when seconds is ${seconds} then it is rejected naming seconds`, async () => {
        expectRejected(await post(ev.time(seconds)), 'seconds');
      });
    }

    it('when an event has a __proto__ key then it is rejected as a forbidden key', async () => {
      const body = `{"events": [{"__proto__": {"admin": true}, ${JSON.stringify(ev.pageView()).slice(1)}]}`;
      expectRejected(await h.post(body, { key }), '__proto__', /forbidden/);
    });

    it('when props hold a constructor key then it is rejected naming the path', async () => {
      expectRejected(await post(ev.custom({ constructor: { prototype: 1 } })), 'props.constructor', /forbidden/);
    });

    it('when props are nested 100 deep then it is rejected as too deep', async () => {
      let props: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 100; i++) props = { a: props };
      const r = expectRejected(await post(ev.custom(props)), 'props.a.a.a.a.a.a.a.a.a', /deeper/);
      expect(r.reason).to.match(/10 levels/);
    });

    it('when an event is nested 100,000 deep then it is rejected, not a 500', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const body = `{"events": [{"type": "custom", "name": "x", "props": {"a": ${deep}}}]}`;
      const answer = await h.post(body, { key });
      expect(answer.status).to.equal(400);
      expect(answer.json.rejected).to.have.length(1);
    });

    it('when a string holds a NUL character then it is rejected naming the field', async () => {
      expectRejected(await post(ev.custom({ note: 'a\u0000b' })), 'props.note', /NUL/);
    });

    it('when a string holds a lone surrogate then it is rejected naming the field', async () => {
      const body = `{"events": [${JSON.stringify(ev.custom({ note: 'SURROGATE' })).replace('SURROGATE', '\\ud800')}]}`;
      expectRejected(await h.post(body, { key }), 'props.note', /UTF-16/);
    });

    it('when a click choice has no toSlotId then it is rejected naming toSlotId', async () => {
      expectRejected(await post(ev.base('click', { videoId: 'v', slotId: 's', target: 'choice' })), 'toSlotId', /required/);
    });

    it('when a URL is not http(s) then it is rejected naming url', async () => {
      expectRejected(await post(ev.pageView({ url: 'javascript:alert(1)' })), 'url', /http/);
    });
  });

  it('when all that bad input has been sent then a good request is still accepted', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key, origin: SHOP });
    expect(answer.status).to.equal(202);
  });
});
