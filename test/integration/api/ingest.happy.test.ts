import { expect } from 'chai';
import type { IngestJobData } from '../../../shared/queue/contract.js';
import { BROWSER_UA, ev, SHOP, startHarness, type Harness } from './harness.js';

function eventIds(job: IngestJobData): string[] {
  return job.events.map((e) => e.id);
}

describe('ingest: accepted events', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when a JSON body has the key in the header then 202 and one job holds the event', async () => {
    const event = ev.pageView();
    const before = Date.now();
    const answer = await h.post({ events: [event] }, { key: h.project.writeKey });
    expect(answer.status).to.equal(202);
    expect(answer.json).to.deep.equal({ accepted: 1, rejected: [] });
    const job = (await h.waitingJobs()).find((j) => j.events[0]?.id === event.id);
    expect(job, 'the job is in Redis once the 202 is out').to.not.equal(undefined);
    expect(job!.projectId).to.equal(h.project.projectId);
    expect(job!.timezone).to.equal('Europe/Berlin');
    expect(job!.receivedAt).to.be.within(before, Date.now());
    expect(job!.sentAt).to.equal(null);
  });

  it('when a text/plain (sendBeacon) body carries the key then 202', async () => {
    const event = ev.play();
    const body = JSON.stringify({ key: h.project.writeKey, events: [event] });
    const answer = await h.post(body, { contentType: 'text/plain;charset=UTF-8', origin: SHOP });
    expect(answer.status).to.equal(202);
    const jobs = await h.waitingJobs();
    expect(jobs.some((j) => j.events[0]?.id === event.id)).to.equal(true);
  });

  it('when a batch holds one bad event then 202 and the job holds exactly the good ones', async () => {
    const good1 = ev.pageView({ title: 'Product', customField: { kept: true } });
    const bad = ev.progress(33);
    const good2 = ev.play();
    const sentAt = Date.now() - 2000;
    const answer = await h.post({ sentAt, events: [good1, bad, good2] }, { key: h.project.writeKey });
    expect(answer.status).to.equal(202);
    expect(answer.json.accepted).to.equal(2);
    expect(answer.json.rejected).to.deep.equal([{ index: 1, field: 'percent', reason: 'must be one of 25, 50, 75, 100' }]);

    const job = (await h.waitingJobs()).find((j) => j.events.some((e) => e.id === good1.id));
    expect(job).to.not.equal(undefined);
    expect(eventIds(job!)).to.deep.equal([good1.id, good2.id]);
    expect(job!.sentAt).to.equal(sentAt);
    expect(job!.events[0]).to.deep.include({ customField: { kept: true } });
    // A loopback client names no place; fetch sends no Accept-Language.
    const nowhere = { country: null, region: null, city: null, latitude: null, longitude: null };
    expect(job!.context).to.deep.equal({ userAgent: BROWSER_UA, ...nowhere, language: null, ipPrefix: null });
    const raw = JSON.stringify(job);
    expect(raw).to.not.match(/127\.0\.0\.1|::1|::ffff/);
  });

  it('when sentAt is an ISO string then the job carries it as epoch ms', async () => {
    const sentAt = new Date(Date.now() - 1000).toISOString();
    const event = ev.pageView();
    expect((await h.post({ sentAt, events: [event] }, { key: h.project.writeKey })).status).to.equal(202);
    const job = (await h.waitingJobs()).find((j) => j.events[0]?.id === event.id);
    expect(job!.sentAt).to.equal(Date.parse(sentAt));
  });

  it('when ts is 30 minutes ahead then the event is accepted (clamped later)', async () => {
    const answer = await h.post({ events: [ev.pageView({ ts: Date.now() + 30 * 60_000 })] }, { key: h.project.writeKey });
    expect(answer.status).to.equal(202);
  });

  it('when 500 events come in one request then they form one job', async () => {
    const events = Array.from({ length: 500 }, () => ev.play());
    const answer = await h.post({ events }, { key: h.project.writeKey });
    expect(answer.status).to.equal(202);
    expect(answer.json.accepted).to.equal(500);
    const job = (await h.waitingJobs()).find((j) => j.events[0]?.id === events[0]!.id);
    expect(job!.events).to.have.length(500);
  });

  it('when 50 requests arrive at once then each gets 202 and its own job', async () => {
    const events = Array.from({ length: 50 }, () => ev.pageView());
    const answers = await Promise.all(events.map((e) => h.post({ events: [e] }, { key: h.project.writeKey })));
    expect(answers.map((a) => a.status)).to.deep.equal(events.map(() => 202));
    const ids = new Set((await h.waitingJobs()).flatMap(eventIds));
    for (const e of events) expect(ids.has(e.id as string)).to.equal(true);
  });

  it('when a form is submitted then only allowlisted values reach the queue, redacted', async () => {
    const patched = await h.admin('PATCH', '/project', { formAllowlist: ['plan', 'email', 'user_password', 'card', 'note', 'contact'] });
    expect(patched.status).to.equal(200);
    const event = ev.formSubmit({
      plan: 'pro',
      email: 'someone@example.com',
      user_password: 'hunter2',
      card: '4111-1111-1111-1111',
      note: 'call me after 5',
      contact: 'write to me at a@b.io please',
      unlisted: 'kept out',
    });
    expect((await h.post({ events: [event] }, { key: h.project.writeKey })).status).to.equal(202);
    const job = (await h.waitingJobs()).find((j) => j.events[0]?.id === event.id);
    const stored = job!.events[0] as { values?: Record<string, string>; fields: string[] };
    const redacted = '[REDACTED]';
    expect(stored.values).to.deep.equal({ plan: 'pro', email: redacted, user_password: redacted, card: redacted, note: 'call me after 5', contact: `write to me at ${redacted} please` });
    expect(stored.fields).to.include('email');
  });
});

describe('ingest: client context from config', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { IP_STORAGE: 'truncate', GEO_COUNTRY_HEADER: 'CF-IPCountry', TRUST_PROXY_HOPS: '1' } });
  });
  after(async () => {
    await h.close();
  });

  async function contextFor(headers: Record<string, string>): Promise<IngestJobData['context']> {
    const event = ev.pageView();
    expect((await h.post({ events: [event] }, { key: h.project.writeKey, headers })).status).to.equal(202);
    return (await h.waitingJobs()).find((j) => j.events[0]?.id === event.id)!.context;
  }

  it('when IP storage is truncate behind one proxy then the job has the /24 and the country, never the IP', async () => {
    const context = await contextFor({ 'x-forwarded-for': '203.0.113.77', 'cf-ipcountry': 'DE' });
    // A documentation address names no place in any database, so only the header's country is there.
    expect(context).to.deep.equal({
      userAgent: BROWSER_UA,
      country: 'DE',
      region: null,
      city: null,
      latitude: null,
      longitude: null,
      language: null,
      ipPrefix: '203.0.113.0/24',
    });
  });

  it('when the client is IPv6 then the job has the /48', async () => {
    const context = await contextFor({ 'x-forwarded-for': '2001:db8:abcd:12:0:0:0:1' });
    expect(context.ipPrefix).to.equal('2001:db8:abcd::/48');
    expect(context.country).to.equal(null);
  });

  it('when the country header is not a two-letter code then country is null', async () => {
    expect((await contextFor({ 'cf-ipcountry': 'T1' })).country).to.equal(null);
    expect((await contextFor({ 'cf-ipcountry': 'Germany' })).country).to.equal(null);
  });

  it('when a client forges extra X-Forwarded-For hops then only the trusted hop counts', async () => {
    const context = await contextFor({ 'x-forwarded-for': '10.9.9.9, 198.51.100.23' });
    expect(context.ipPrefix).to.equal('198.51.100.0/24');
  });
});
