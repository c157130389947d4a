import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { eventually, SHOP } from '../api/harness.js';
import { pipelined, startJourneyHarness, visitorEvents, type JourneyHarness } from './journeyHarness.js';

const HOUR = 3_600_000;

describe('journeys: promote and freeze, through the API and the worker', function () {
  this.timeout(60_000);
  let h: JourneyHarness;
  before(async () => {
    // A four-day lookback, so that a retention horizon two days back is what cuts the journey.
    h = await startJourneyHarness({ env: { JOURNEY_LOOKBACK_HOURS: '96' } });
    expect((await h.admin('POST', '/videos', { videoId: 'intro', title: 'Intro tour' })).status).to.equal(201);
  });
  after(async () => {
    await h.close();
  });

  const storedIds = async (ids: string[]) =>
    (await h.t.pool.query<{ event_id: string }>('select event_id from events where event_id = any($1::uuid[])', [ids])).rows.map((r) => r.event_id);

  it('when the events and the promote come in one keep-alive burst then the frozen journey holds every event, in time order, with the video title', async () => {
    const visitorId = randomUUID();
    const events = visitorEvents(visitorId);
    const statuses = await pipelined(h.web.url, [
      { path: '/v1/events', body: JSON.stringify({ key: h.project.writeKey, events }) },
      { path: '/v1/journeys/promote', body: JSON.stringify({ key: h.project.writeKey, visitorId, email: ' Ann@Example.COM ', formId: 'booking' }) },
    ]);
    expect(statuses).to.deep.equal([202, 202]);
    const journeyId = (await h.t.pool.query<{ id: string }>('select id from journeys where visitor_id = $1', [visitorId])).rows[0]?.id;
    const frozen = await h.frozen(journeyId ?? '');
    expect(frozen.journey).to.include({ state: 'ready', email: 'ann@example.com', formId: 'booking', eventCount: 4 });
    expect(frozen.events.map((e) => e.eventId)).to.deep.equal(events.map((e) => e.id));
    expect(frozen.events.map((e) => e.type)).to.deep.equal(['page_view', 'video_play', 'click', 'form_submit']);
    const [page, play, click, form] = frozen.events;
    // The stored address: no query parameter but the campaign tags.
    expect(page?.data).to.deep.include({ url: `${SHOP}/products/1?utm_source=news`, props: { title: 'Product 1' } });
    expect(play).to.deep.include({ videoTitle: 'Intro tour' });
    expect(click?.data).to.include({ target: 'cta', label: 'Book now' });
    expect(form?.data.props).to.deep.include({ formId: 'booking', outcome: 'success' });
  });

  it('when the ingest worker is held back then the journey stays pending until the events posted before it are stored, then holds them', async () => {
    const visitorId = randomUUID();
    const events = visitorEvents(visitorId);
    await h.worker.worker.pause();
    try {
      expect((await h.post({ events }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
      const answer = await h.promote({ visitorId, email: 'held@example.com' });
      expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
      expect(answer.json.state).to.equal('pending');
      await new Promise((r) => setTimeout(r, 1500));
      expect(await h.stateOf(answer.json.journeyId as string)).to.equal('pending');
      expect(await storedIds(events.map((e) => e.id))).to.have.length(0);
      await h.worker.worker.resume();
      const frozen = await h.frozen(answer.json.journeyId as string);
      expect(frozen.journey.state).to.equal('ready');
      expect(frozen.events.map((e) => e.eventId)).to.deep.equal(events.map((e) => e.id));
    } finally {
      await h.worker.worker.resume();
    }
  });

  it('when the promote carries the unsent buffer then its events are stored like ingest events, counted once per id, and held by the journey', async () => {
    const visitorId = randomUUID();
    const [page, play, click] = visitorEvents(visitorId);
    const answer = await h.promote({ visitorId, email: 'buffer@example.com', clientEvents: [page, play, page, click] });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
    const frozen = await h.frozen(answer.json.journeyId as string);
    expect(frozen.events.map((e) => e.eventId)).to.deep.equal([page?.id, play?.id, click?.id]);
    expect(frozen.journey.eventCount).to.equal(3);
    expect((await storedIds([page!.id, play!.id, click!.id])).length).to.equal(3);
    // Sent again (the tracker's retry), nothing is stored twice.
    expect((await h.post({ events: [page, play, click] }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    await eventually(async () => (await h.waitingJobs()).length === 0, 5000);
    const counted = await h.t.pool.query<{ n: number }>('select count(*)::int as n from events where visitor_id = $1', [visitorId]);
    expect(counted.rows[0]?.n).to.equal(3);
  });

  it('when a client event is invalid or another visitor\'s then 400 names its index and field, and nothing is stored', async () => {
    const visitorId = randomUUID();
    const [page, play] = visitorEvents(visitorId);
    const bad = await h.promote({ visitorId, email: 'bad@example.com', clientEvents: [page, { ...play, url: undefined, type: 'page_view' }] });
    expectClientError(bad, 400, 'invalid_client_event', 'clientEvents.1.url');
    const foreign = await h.promote({ visitorId, email: 'bad@example.com', clientEvents: [{ ...page, visitorId: randomUUID() }] });
    expectClientError(foreign, 400, 'invalid_client_event', 'clientEvents.0.visitorId');
    const tooMany = await h.promote({ visitorId, email: 'bad@example.com', clientEvents: Array.from({ length: 501 }, () => page) });
    expectClientError(tooMany, 400, 'invalid_body', 'clientEvents');
    const journeys = await h.t.pool.query('select 1 from journeys where email = $1', ['bad@example.com']);
    expect(journeys.rowCount).to.equal(0);
    expect(await storedIds([page!.id])).to.have.length(0);
  });

  it('when the e-mail or the visitor id is malformed then 400 names the field', async () => {
    const visitorId = randomUUID();
    expectClientError(await h.promote({ visitorId, email: 'not an address' }), 400, 'invalid_body', 'email');
    expectClientError(await h.promote({ visitorId, email: `${'a'.repeat(250)}@example.com` }), 400, 'invalid_body', 'email');
    expectClientError(await h.promote({ visitorId: 'visitor-1', email: 'ann@example.com' }), 400, 'invalid_body', 'visitorId');
    expectClientError(await h.promote({ email: 'ann@example.com' }), 400, 'invalid_body', 'visitorId');
    expectClientError(await h.promote({ visitorId, email: 'ann@example.com' }, h.project.readKey), 403, 'wrong_key_kind', 'key');
  });

  it('when events lie before the lookback or the retention horizon, or belong to another visitor, then the journey leaves them out', async () => {
    const visitorId = randomUUID();
    const [recent] = visitorEvents(visitorId, HOUR);
    const [beforeHorizon] = visitorEvents(visitorId, 3 * 24 * HOUR);
    const [beforeLookback] = visitorEvents(visitorId, 5 * 24 * HOUR);
    const [someoneElse] = visitorEvents(randomUUID(), HOUR);
    expect((await h.post({ events: [recent, beforeHorizon, beforeLookback, someoneElse] }, { key: h.project.writeKey, origin: SHOP })).json).to.include({ accepted: 4 });
    // Raw retention keeps this project's events from two days back.
    await h.t.pool.query(`update projects set raw_kept_from = now() - interval '2 days' where id = $1`, [h.project.projectId]);
    try {
      const answer = await h.promote({ visitorId, email: 'window@example.com', clientEvents: [beforeLookback] });
      const frozen = await h.frozen(answer.json.journeyId as string);
      expect(frozen.events.map((e) => e.eventId)).to.deep.equal([recent?.id]);
    } finally {
      await h.t.pool.query('update projects set raw_kept_from = null where id = $1', [h.project.projectId]);
    }
  });
});
