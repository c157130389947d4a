import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { addUser, asUser, signIn } from '../accounts/users.js';
import { expectClientError } from '../api/assertions.js';
import { SHOP } from '../api/harness.js';
import { withBearer } from '../tenancy/tenants.js';
import { startJourneyHarness, visitorEvents, type JourneyHarness } from './journeyHarness.js';

describe('journeys: who may read and delete them', function () {
  this.timeout(60_000);
  let h: JourneyHarness;
  let journeyIds: string[];
  const email = 'ann@example.com';
  before(async () => {
    h = await startJourneyHarness({
      projects: [
        { name: 'Shop', timezone: 'Europe/Berlin', allowedOrigins: [SHOP] },
        { name: 'Other', timezone: 'Europe/Berlin', allowedOrigins: ['https://other.example'] },
      ],
    });
    journeyIds = [];
    for (const formId of ['newsletter', 'booking']) {
      const visitorId = randomUUID();
      const answer = await h.promote({ visitorId, email, formId, clientEvents: visitorEvents(visitorId) });
      expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
      journeyIds.push(answer.json.journeyId as string);
      await h.frozen(answer.json.journeyId as string);
    }
  });
  after(async () => {
    await h.close();
  });

  const a = () => h.projects[0]!;
  const b = () => h.projects[1]!;
  const list = (key: string, query = `email=${encodeURIComponent(email)}`) => withBearer(h, 'GET', `/v1/journeys?${query}`, key);

  it('when the admin key lists an address (in any case) then its journeys come newest first, and limit bounds them', async () => {
    const answer = await list(a().adminKey, 'email=%20ANN@example.com');
    expect(answer.status).to.equal(200);
    const journeys = answer.json.journeys as { id: string; formId: string; state: string; eventCount: number }[];
    expect(journeys.map((j) => j.id)).to.deep.equal([...journeyIds].reverse());
    expect(journeys.map((j) => j.formId)).to.deep.equal(['booking', 'newsletter']);
    expect(journeys.every((j) => j.state === 'ready' && j.eventCount === 4)).to.equal(true);
    expect(((await list(a().adminKey, `email=${email}&limit=1`)).json.journeys as unknown[]).length).to.equal(1);
  });

  it('when the query is missing, malformed or names a project then 400 names the field', async () => {
    expectClientError(await list(a().adminKey, ''), 400, 'invalid_field', 'email');
    expectClientError(await list(a().adminKey, 'email=nobody'), 400, 'invalid_field', 'email');
    expectClientError(await list(a().adminKey, `email=${email}&limit=0`), 400, 'invalid_field', 'limit');
    expectClientError(await list(a().adminKey, `email=${email}&projectId=${b().projectId}`), 400, 'invalid_field', 'projectId');
    expectClientError(await withBearer(h, 'GET', '/v1/journeys/not-an-id', a().adminKey), 400, 'invalid_field', 'id');
  });

  it('when a read key or a write key asks then 403 wrong_key_kind', async () => {
    for (const key of [a().readKey, a().writeKey]) {
      expectClientError(await list(key), 403, 'wrong_key_kind', 'authorization');
      expectClientError(await withBearer(h, 'GET', `/v1/journeys/${journeyIds[0]}`, key), 403, 'wrong_key_kind', 'authorization');
      expectClientError(await withBearer(h, 'DELETE', `/v1/journeys?email=${email}`, key), 403, 'wrong_key_kind', 'authorization');
    }
  });

  it("when another project's admin key asks then it sees none of them and deletes none", async () => {
    expect((await list(b().adminKey)).json).to.deep.equal({ journeys: [] });
    expectClientError(await withBearer(h, 'GET', `/v1/journeys/${journeyIds[0]}`, b().adminKey), 404, 'not_found');
    expect((await withBearer(h, 'DELETE', `/v1/journeys?email=${email}`, b().adminKey)).json).to.deep.equal({ deleted: 0 });
    expect(((await list(a().adminKey)).json.journeys as unknown[]).length).to.equal(2);
  });

  it('when signed-in members ask then a viewer is refused and an admin reads', async () => {
    const viewer = await signIn(h, await addUser(h, { [a().projectId]: 'viewer' }));
    const admin = await signIn(h, await addUser(h, { [a().projectId]: 'admin' }));
    expectClientError(await asUser(h, viewer, 'GET', `/v1/journeys?email=${email}`, { project: a().projectId }), 403, 'insufficient_role');
    expectClientError(await asUser(h, viewer, 'GET', `/v1/journeys/${journeyIds[0]}`, { project: a().projectId }), 403, 'insufficient_role');
    const read = await asUser(h, admin, 'GET', `/v1/journeys/${journeyIds[0]}`, { project: a().projectId });
    expect(read.status).to.equal(200);
    expect((read.json.events as unknown[]).length).to.equal(4);
  });

  it('when the admin deletes an address then every journey of it goes with its events, and only those', async () => {
    const otherVisitor = randomUUID();
    const kept = await h.promote({ visitorId: otherVisitor, email: 'bob@example.com', clientEvents: visitorEvents(otherVisitor) });
    await h.frozen(kept.json.journeyId as string);
    const answer = await withBearer(h, 'DELETE', `/v1/journeys?email=${encodeURIComponent('Ann@Example.com')}`, a().adminKey);
    expect(answer.json).to.deep.equal({ deleted: 2 });
    expect((await list(a().adminKey)).json).to.deep.equal({ journeys: [] });
    expectClientError(await withBearer(h, 'GET', `/v1/journeys/${journeyIds[0]}`, a().adminKey), 404, 'not_found');
    const left = await h.t.pool.query<{ journey_id: string }>('select distinct journey_id from journey_events');
    expect(left.rows.map((r) => r.journey_id)).to.deep.equal([kept.json.journeyId]);
  });
});
