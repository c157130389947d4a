import { Analytics } from '@segment/analytics-node';
import { expect } from 'chai';
import { FaultProxy, type Fault, type SeenRequest } from '../../helpers/faultProxy.js';
import { SegmentApp } from './segmentApp.js';

/** What the app answered one request of the client, as Segment's Tracking API shapes it. */
interface BatchAnswer {
  success: boolean;
  accepted: number;
  rejected: { index: number; field: string; reason: string }[];
}

const answerOf = (r: SeenRequest) => JSON.parse(r.appBody ?? 'null') as BatchAnswer;
const posts = (proxy: FaultProxy) => proxy.seen.filter((r) => r.method === 'POST');

/**
 * The real `@segment/analytics-node`, as a shop's server runs it, pointed at Cuepoint through a
 * proxy that can fail on purpose. What it sends (its publisher): POST {host}/v1/batch with Basic
 * auth (write key as user) and `writeKey` in the body, `messageId` `node-next-<ms>-<uuid>`, the
 * same messageIds again on a retry (with X-Retry-Count), retries on network errors, 5xx and 429,
 * waiting Retry-After on a 429 without counting it against maxRetries.
 */
describe('Segment ingest with the real @segment/analytics-node', function () {
  this.timeout(60_000);
  const names = ['calls', 'lands503', 'landsLate', 'concurrent', 'close', 'oversized', 'throttled'] as const;
  let app: SegmentApp;
  const open: { client: Analytics; proxy: FaultProxy }[] = [];

  before(async () => {
    app = await SegmentApp.start(names);
  });
  afterEach(async () => {
    for (const { client, proxy } of open.splice(0)) {
      await client.closeAndFlush({ timeout: 5000 });
      await proxy.close();
    }
  });
  after(async () => {
    await app.close();
  });

  /** A client of project `name` talking to the app through a fresh proxy; delivery errors are collected. */
  async function clientFor(name: (typeof names)[number], settings: { flushAt: number; flushInterval?: number; maxRetries?: number; httpRequestTimeout?: number }, decide?: FaultProxy['decide']) {
    const proxy = await FaultProxy.start(app.web.url);
    if (decide) proxy.decide = decide;
    const client = new Analytics({
      writeKey: app.project(name).writeKey,
      host: proxy.url,
      flushAt: settings.flushAt,
      flushInterval: settings.flushInterval ?? 200,
      maxRetries: settings.maxRetries ?? 3,
      httpRequestTimeout: settings.httpRequestTimeout ?? 5000,
    });
    const errors: unknown[] = [];
    client.on('error', (err) => errors.push(err));
    open.push({ client, proxy });
    return { client, proxy, errors, projectId: app.project(name).projectId };
  }

  /** The ids the sent messageIds stand for, each once however often it was sent. */
  const expectedIds = (projectId: string, proxy: FaultProxy) => [...new Set(proxy.messageIdsSent().flat())].map((m) => SegmentApp.eventId(projectId, m)).sort();
  const storedIds = async (projectId: string, count: number) => (await app.settled(projectId, count)).map((e) => e.event_id).sort();

  const tracks = (client: Analytics, count: number, from = 0) => {
    for (let i = from; i < from + count; i++) client.track({ anonymousId: `anon-${i % 3}`, event: 'Order Completed', properties: { n: i, revenue: 10 + i } });
  };

  it('when the client makes one call of each kind then each is stored once under the id its messageId names, and the page call is a page view', async () => {
    const { client, proxy, errors, projectId } = await clientFor('calls', { flushAt: 20 });
    client.track({ anonymousId: 'anon-1', event: 'Signed Up', properties: { plan: 'pro' } });
    client.page({ anonymousId: 'anon-1', name: 'Pricing', properties: { url: 'https://shop.example/pricing', title: 'Pricing', path: '/pricing' } });
    client.identify({ anonymousId: 'anon-1', userId: 'user-42', traits: { plan: 'pro' } });
    client.group({ anonymousId: 'anon-1', userId: 'user-42', groupId: 'acme', traits: { name: 'Acme' } });
    client.alias({ userId: 'user-42', previousId: 'anon-1' });
    client.screen({ anonymousId: 'anon-1', name: 'Home', properties: { tab: 'feed' } });
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    const sent = posts(proxy);
    expect(sent.map((r) => r.path)).to.deep.equal(['/v1/batch']);
    expect(JSON.parse(sent[0]!.body)).to.have.nested.property('batch.length', 6);
    expect(answerOf(sent[0]!)).to.deep.equal({ success: true, accepted: 6, rejected: [] });
    expect(await storedIds(projectId, 6)).to.deep.equal(expectedIds(projectId, proxy));
    expect(await app.eventIdCount(projectId)).to.equal(6);
    const pageViews = (await app.events(projectId)).filter((e) => e.type === 'page_view');
    expect(pageViews.map((e) => e.url)).to.deep.equal(['https://shop.example/pricing']);
  });

  it('when the first request lands but is answered 503 then the client re-sends the same messageIds and nothing is doubled', async () => {
    const { client, proxy, errors, projectId } = await clientFor('lands503', { flushAt: 5 }, ({ index }): Fault => (index === 0 ? { kind: 'landThen503' } : { kind: 'pass' }));
    tracks(client, 5);
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    const [first, second, ...more] = posts(proxy);
    expect(more).to.deep.equal([]);
    expect(first!.appStatus).to.equal(200);
    expect(second!.retryCount).to.equal('1');
    expect(proxy.messageIdsSent()[1]).to.deep.equal(proxy.messageIdsSent()[0]);
    expect(answerOf(second!)).to.deep.include({ success: true, accepted: 5 });
    expect(await storedIds(projectId, 5)).to.deep.equal(expectedIds(projectId, proxy)).and.to.have.length(5);
    expect(await app.eventIdCount(projectId)).to.equal(5);
  });

  it("when a request lands but its answer comes after the client's timeout then the re-send is stored once", async () => {
    const { client, proxy, errors, projectId } = await clientFor('landsLate', { flushAt: 4, httpRequestTimeout: 1000 }, ({ index }): Fault =>
      index === 0 ? { kind: 'landThenLate', delayMs: 2500 } : { kind: 'pass' },
    );
    tracks(client, 4);
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    const sent = posts(proxy);
    expect(sent).to.have.length(2);
    expect(sent.map((r) => r.appStatus)).to.deep.equal([200, 200]);
    expect(proxy.messageIdsSent()[1]).to.deep.equal(proxy.messageIdsSent()[0]);
    expect(await storedIds(projectId, 4)).to.deep.equal(expectedIds(projectId, proxy)).and.to.have.length(4);
    expect(await app.eventIdCount(projectId)).to.equal(4);
  });

  it('when five batches are in flight at once and each first attempt lands but is answered 503 then every message is stored once', async () => {
    const { client, proxy, errors, projectId } = await clientFor('concurrent', { flushAt: 5 }, ({ retryCount }): Fault =>
      retryCount === undefined ? { kind: 'landThen503' } : { kind: 'pass' },
    );
    tracks(client, 25);
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    const sent = posts(proxy);
    expect(sent).to.have.length(10);
    // All five first attempts arrive before any retry: the client did not wait for one batch to send the next.
    expect(sent.slice(0, 5).map((r) => r.retryCount)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
    expect(sent.every((r) => r.appStatus === 200)).to.equal(true);
    expect(await storedIds(projectId, 25)).to.deep.equal(expectedIds(projectId, proxy)).and.to.have.length(25);
    expect(await app.eventIdCount(projectId)).to.equal(25);
  });

  it('when the client is closed with messages still queued then closeAndFlush delivers every one', async () => {
    // Neither the batch size nor the interval would send them: only the close does.
    const { client, proxy, errors, projectId } = await clientFor('close', { flushAt: 100, flushInterval: 60_000 });
    tracks(client, 37);
    await new Promise((r) => setTimeout(r, 300));
    expect(posts(proxy)).to.have.length(0);
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    expect(posts(proxy)).to.have.length(1);
    expect(await storedIds(projectId, 37)).to.deep.equal(expectedIds(projectId, proxy)).and.to.have.length(37);
  });

  it('when one message of a batch of 15 is 40 KB then it alone is rejected, by index, and the other 14 are stored', async () => {
    const { client, proxy, errors, projectId } = await clientFor('oversized', { flushAt: 15 });
    for (let i = 0; i < 15; i++) {
      // 'x', not 'i': the client's own size estimate counts only 'i' and escaped characters, so it lets this through.
      const properties = i === 7 ? { n: i, note: 'x'.repeat(40 * 1024) } : { n: i };
      client.track({ anonymousId: 'anon-big', event: 'Note Saved', properties });
    }
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    const sent = posts(proxy);
    expect(sent).to.have.length(1);
    expect(Buffer.byteLength(sent[0]!.body)).to.be.above(40 * 1024);
    const answer = answerOf(sent[0]!);
    expect(answer).to.deep.include({ success: true, accepted: 14 });
    expect(answer.rejected).to.have.length(1);
    expect(answer.rejected[0]).to.include({ index: 7 });
    expect(answer.rejected[0]!.reason).to.be.a('string').and.not.equal('');
    const ids = proxy.messageIdsSent()[0]!;
    const kept = ids.filter((_, i) => i !== 7).map((m) => SegmentApp.eventId(projectId, m));
    expect(await storedIds(projectId, 14)).to.deep.equal(kept.sort());
    expect(await app.eventIdCount(projectId)).to.equal(14);
  });

  it('when the first request is answered 429 with Retry-After 2 then the client waits that long, re-sends, and nothing is lost or doubled', async () => {
    // maxRetries 0: only a Retry-After answer can make it try again.
    const { client, proxy, errors, projectId } = await clientFor('throttled', { flushAt: 5, maxRetries: 0 }, ({ index }): Fault =>
      index === 0 ? { kind: 'refuse429', retryAfter: 2 } : { kind: 'pass' },
    );
    tracks(client, 5);
    await client.closeAndFlush();

    expect(errors).to.deep.equal([]);
    const [refused, resent, ...more] = posts(proxy);
    expect(more).to.deep.equal([]);
    expect(refused!.appStatus).to.equal(undefined);
    expect(resent!.at - refused!.at).to.be.at.least(1950);
    expect(resent!.retryCount).to.equal('1');
    expect(proxy.messageIdsSent()[1]).to.deep.equal(proxy.messageIdsSent()[0]);
    expect(await storedIds(projectId, 5)).to.deep.equal(expectedIds(projectId, proxy)).and.to.have.length(5);
    expect(await app.eventIdCount(projectId)).to.equal(5);
  });
});
