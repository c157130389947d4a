import { expect } from 'chai';
import { expectClientError } from './assertions.js';
import { ev, startHarness, type Harness } from './harness.js';

/** A POST with the given headers and a JSON body, and no X-Cuepoint-Key unless named. */
function post(h: Harness, headers: Record<string, string>, body: unknown) {
  return h.request('POST', '/v1/events', { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('ingest: answers that say what to fix', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when the write key is sent as Authorization: Bearer then it is accepted like X-Cuepoint-Key', async () => {
    const answer = await post(h, { authorization: `Bearer ${h.project.writeKey}` }, { events: [ev.pageView()] });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
  });

  it('when Authorization holds a key without "Bearer" then 401 missing_key says how to write it', async () => {
    const error = expectClientError(await post(h, { authorization: h.project.writeKey }, { events: [ev.pageView()] }), 401, 'missing_key', 'authorization');
    expect(error.message).to.include('Bearer <key>');
  });

  it('when no key is sent at all then the 401 names every place a key may go', async () => {
    const error = expectClientError(await post(h, {}, { events: [ev.pageView()] }), 401, 'missing_key', 'key');
    expect(error.message).to.include('X-Cuepoint-Key').and.include('Authorization: Bearer').and.include('`key`');
  });

  it('when an admin key is sent in X-Cuepoint-Key to the admin API then the 401 says to use Authorization: Bearer', async () => {
    const answer = await h.request('GET', '/v1/admin/project', { headers: { 'x-cuepoint-key': h.project.adminKey } });
    const error = expectClientError(answer, 401, 'missing_key', 'authorization');
    expect(error.message).to.equal('an admin key is required as `Authorization: Bearer <key>`');
  });

  it('when ts is in epoch seconds then the rejection says milliseconds and that it looks like seconds', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    const answer = await h.post({ events: [ev.pageView({ ts: seconds })] }, { key: h.project.writeKey });
    expectClientError(answer, 400, 'no_valid_events', 'events');
    expect(answer.json.rejected).to.deep.equal([{ index: 0, field: 'ts', reason: 'must be epoch milliseconds (this looks like seconds)' }]);
  });

  it('when sentAt is in epoch seconds then the 400 says so too', async () => {
    const answer = await h.post({ sentAt: Math.floor(Date.now() / 1000), events: [ev.pageView()] }, { key: h.project.writeKey });
    const error = expectClientError(answer, 400, 'invalid_body', 'sentAt');
    expect(error.message).to.equal('sentAt must be epoch milliseconds (this looks like seconds)');
  });
});

describe('admin: the serverConversionsOnly setting', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when a project is new then serverConversionsOnly is off; when patched then it is on, in the response and the table', async () => {
    expect((await h.admin('GET', '/project')).json.serverConversionsOnly).to.equal(false);
    const patched = await h.admin('PATCH', '/project', { serverConversionsOnly: true });
    expect(patched.status).to.equal(200);
    expect(patched.json.serverConversionsOnly).to.equal(true);
    expect((await h.admin('GET', '/project')).json.serverConversionsOnly).to.equal(true);
    const { rows } = await h.t.pool.query<{ server_conversions_only: boolean }>(`select server_conversions_only from projects where id = $1`, [
      h.project.projectId,
    ]);
    expect(rows[0]?.server_conversions_only).to.equal(true);
  });

  it('when serverConversionsOnly is not a boolean then 400 naming it', async () => {
    expectClientError(await h.admin('PATCH', '/project', { serverConversionsOnly: 'yes' }), 400, 'invalid_field', 'serverConversionsOnly');
  });
});
