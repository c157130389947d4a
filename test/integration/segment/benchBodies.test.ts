import { expect } from 'chai';
import { v5 as uuidv5 } from 'uuid';
import { REQUESTS, type RequestKind } from '../../../bench/ingest/requestKinds.js';
import { beaconCall, eventsBatchOf, eventsBeaconOf, segmentBatchOf, segmentBeaconOf, sliceCalls } from '../../../bench/segment/segmentBodies.js';
import type { IngestJobData } from '../../../shared/queue/contract.js';
import { startHarness, type Harness } from '../api/harness.js';

/**
 * The bench holds each Segment route against `/v1/events` carrying the same events; these tests
 * keep its bodies honest: every message accepted, and the twin enqueueing what the Segment route
 * enqueues, field for field, apart from the ids each side makes.
 */
describe('segment: the bench’s request bodies', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  async function send(kind: RequestKind, body: string): Promise<IngestJobData> {
    const shape = REQUESTS[kind];
    const before = new Set((await h.waitingJobs()).flatMap((j) => j.events.map((e) => e.id)));
    const answer = await h.request('POST', shape.path, { headers: shape.headers(h.project.writeKey), body });
    expect(answer.status, JSON.stringify(answer.json)).to.be.oneOf([200, 202]);
    expect(answer.json.rejected, kind).to.deep.equal([]);
    const jobs = (await h.waitingJobs()).filter((j) => j.events.some((e) => !before.has(e.id)));
    expect(jobs, `${kind}: one job`).to.have.length(1);
    return jobs[0]!;
  }

  /** What both sides must agree on: everything but the ids each side derives or draws. */
  const content = (job: IngestJobData) =>
    job.events.map((e) => {
      const { id: _id, visitorId: _visitor, sessionId: _session, ...rest } = e;
      return rest;
    });

  it('when the 20 calls go as an analytics-node batch naming its session and as the /v1/events twin then all 20 are accepted by each and the queued events agree field for field', async () => {
    const now = Date.now();
    const calls = sliceCalls(20, now);
    const segment = await send('segment-batch', segmentBatchOf(calls, h.project.writeKey, now, 1_733_480_000_000));
    const twin = await send('events-twin', eventsBatchOf(calls, now));

    expect(segment.events).to.have.length(20);
    expect(content(segment)).to.deep.equal(content(twin));
    // The slice starts with a page view and a product view, 20 s and 19 s before sending.
    expect(content(segment)[0]).to.include({ type: 'page_view', ts: now - 20_000, referrer: 'https://www.google.com/' });
    expect(content(segment)[1]).to.deep.include({ type: 'custom', name: 'Product Viewed', ts: now - 19_000 });
    expect(segment.sentAt).to.equal(twin.sentAt);
    expect(segment.context).to.deep.equal(twin.context);

    const visitor = segment.events[0]!.visitorId;
    const named = uuidv5(`session:${visitor}:1733480000000`, h.project.projectId);
    expect(new Set(segment.events.map((e) => e.sessionId))).to.deep.equal(new Set([named]));
  });

  it('when a batch names no session then the server’s split puts its 20 calls, 19 s apart at most, in one session of their own', async () => {
    const now = Date.now();
    const job = await send('segment-batch', segmentBatchOf(sliceCalls(20, now), h.project.writeKey, now, undefined));
    const sessions = new Set(job.events.map((e) => e.sessionId));
    expect(sessions.size).to.equal(1);
    const visitor = job.events[0]!.visitorId;
    // The split's first session is named after the visitor's first event.
    expect([...sessions][0]).to.equal(uuidv5(`session:${visitor}:${job.events[0]!.id}`, h.project.projectId));
  });

  it('when the analytics.js track call goes to /v1/t and the tracker’s send of it to /v1/events, both from the shop’s page, then each is accepted and queues the same event', async () => {
    const now = Date.now();
    const call = beaconCall(now);
    const segment = await send('segment-t', segmentBeaconOf(call, h.project.writeKey, now));
    const twin = await send('events-beacon', eventsBeaconOf(call, h.project.writeKey, now));
    expect(content(segment)).to.deep.equal(content(twin));
    expect(content(segment)[0]).to.deep.include({ type: 'custom', name: 'Product Viewed', ts: now - 1000, language: 'en-US' });
    expect(segment.context).to.deep.equal(twin.context);
  });
});
