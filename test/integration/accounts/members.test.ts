import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { eventually, startHarness, type Harness } from '../api/harness.js';
import { withBearer } from '../tenancy/tenants.js';
import { addUser, asUser, postLogin, signIn, type Browser } from './users.js';

describe('accounts: members, new projects and deleting a project', () => {
  let h: Harness;
  let project: string;
  let owner: Browser;
  let admin: Browser;
  before(async () => {
    h = await startHarness();
    project = h.project.projectId;
    owner = await signIn(h, await addUser(h, { [project]: 'owner' }));
    admin = await signIn(h, await addUser(h, { [project]: 'admin' }));
  });
  after(async () => {
    await h.close();
  });

  it('when an owner adds an unknown e-mail then 201 creates the user with a one-time password that signs in, and the list shows it', async () => {
    const added = await asUser(h, owner, 'POST', '/v1/admin/members', { project, body: { email: 'New.Person@Example.com', role: 'viewer' } });
    expect(added.status, JSON.stringify(added.json)).to.equal(201);
    expect(added.json).to.include({ email: 'new.person@example.com', role: 'viewer' });
    expect(added.json.initialPassword).to.be.a('string').with.length.greaterThanOrEqual(10);
    const newcomer = await signIn(h, { email: 'new.person@example.com', password: added.json.initialPassword as string });
    expect((await asUser(h, newcomer, 'GET', '/v1/stats/overview', { project })).status).to.equal(200);
    const list = await asUser(h, admin, 'GET', '/v1/admin/members', { project });
    expect(list.status).to.equal(200);
    const members = list.json.members as { email: string; role: string }[];
    expect(members.map((m) => m.role).sort()).to.deep.equal(['admin', 'owner', 'viewer']);
    expect(JSON.stringify(list.json)).to.not.include('initialPassword');
  });

  it('when an owner adds an existing user then no password is made; adding again is 409 duplicate', async () => {
    const someone = await addUser(h);
    const added = await asUser(h, owner, 'POST', '/v1/admin/members', { project, body: { email: someone.email, role: 'member' } });
    expect(added.status).to.equal(201);
    expect(added.json).to.not.have.property('initialPassword');
    expect(added.json.userId).to.equal(someone.id);
    expectClientError(await asUser(h, owner, 'POST', '/v1/admin/members', { project, body: { email: someone.email, role: 'admin' } }), 409, 'duplicate', 'email');
  });

  it('when roles change then PATCH answers the member, an admin may not do it, and the last owner cannot go (409 last_owner)', async () => {
    const someone = await addUser(h, { [project]: 'viewer' });
    expectClientError(await asUser(h, admin, 'PATCH', `/v1/admin/members/${someone.id}`, { project, body: { role: 'admin' } }), 403, 'insufficient_role');
    const patched = await asUser(h, owner, 'PATCH', `/v1/admin/members/${someone.id}`, { project, body: { role: 'admin' } });
    expect(patched.json).to.include({ userId: someone.id, role: 'admin' });
    expectClientError(await asUser(h, owner, 'PATCH', `/v1/admin/members/${owner.userId}`, { project, body: { role: 'admin' } }), 409, 'last_owner', 'role');
    expectClientError(await asUser(h, owner, 'DELETE', `/v1/admin/members/${owner.userId}`, { project }), 409, 'last_owner', 'role');
    expectClientError(await asUser(h, owner, 'PATCH', `/v1/admin/members/${someone.id}`, { project, body: { role: 'boss' } }), 400, 'invalid_field', 'role');
    expectClientError(await asUser(h, owner, 'PATCH', '/v1/admin/members/00000000-0000-4000-8000-000000000000', { project, body: { role: 'viewer' } }), 404, 'not_found');
  });

  it('when a member is removed then 204 and their session no longer reaches the project', async () => {
    const leaving = await addUser(h, { [project]: 'viewer' });
    const browser = await signIn(h, leaving);
    expect((await asUser(h, owner, 'DELETE', `/v1/admin/members/${leaving.id}`, { project })).status).to.equal(204);
    expectClientError(await asUser(h, browser, 'GET', '/v1/stats/overview', { project }), 404, 'project_not_found');
  });

  it('when a key is used on the member routes then 403 session_required', async () => {
    expectClientError(await withBearer(h, 'GET', '/v1/admin/members', h.project.adminKey), 403, 'session_required', 'authorization');
  });

  it('when a signed-in user creates a project then 201 with its keys once, the user owns it, and a session and its keys reach it', async () => {
    const creator = await signIn(h, await addUser(h));
    expectClientError(await asUser(h, creator, 'POST', '/v1/projects', { body: { name: 'Mine', timezone: 'Mars/Olympus' } }), 400, 'invalid_field', 'timezone');
    expectClientError(await asUser(h, creator, 'POST', '/v1/projects', { body: { name: 'Mine', timezone: 'UTC' }, csrf: null }), 403, 'csrf_token_missing');
    const created = await asUser(h, creator, 'POST', '/v1/projects', { body: { name: 'Mine', timezone: 'Europe/Paris', currency: 'eur', allowedOrigins: ['https://Mine.example/'] } });
    expect(created.status, JSON.stringify(created.json)).to.equal(201);
    expect(created.json).to.have.all.keys('projectId', 'writeKey', 'readKey', 'adminKey', 'serverKey', 'project');
    const id = created.json.projectId as string;
    expect(created.json.project).to.deep.equal({ id, name: 'Mine', timezone: 'Europe/Paris', currency: 'EUR', role: 'owner' });
    const session = await asUser(h, creator, 'GET', '/v1/auth/session');
    expect(session.json.projects).to.deep.equal([{ id, name: 'Mine', timezone: 'Europe/Paris', currency: 'EUR', role: 'owner' }]);
    expect((await asUser(h, creator, 'GET', '/v1/admin/project', { project: id })).json.allowedOrigins).to.deep.equal(['https://mine.example']);
    expect((await withBearer(h, 'GET', '/v1/admin/project', created.json.adminKey as string)).status).to.equal(200);
    expectClientError(await h.request('POST', '/v1/projects', { headers: { 'content-type': 'application/json' }, body: '{}' }), 401, 'not_logged_in');
  });

  it('when the owner deletes the project then 202, its keys stop at once, and an admin or a key could not do it', async () => {
    const doomedOwner = await signIn(h, await addUser(h));
    const created = await asUser(h, doomedOwner, 'POST', '/v1/projects', { body: { name: 'Doomed', timezone: 'UTC' } });
    const id = created.json.projectId as string;
    const doomedAdmin = await signIn(h, await addUser(h, { [id]: 'admin' }));
    expectClientError(await asUser(h, doomedAdmin, 'DELETE', '/v1/admin/project', { project: id }), 403, 'insufficient_role');
    expectClientError(await withBearer(h, 'DELETE', '/v1/admin/project', created.json.adminKey as string), 403, 'session_required');
    const deleted = await asUser(h, doomedOwner, 'DELETE', '/v1/admin/project', { project: id });
    expect(deleted.status).to.equal(202);
    expectClientError(await withBearer(h, 'GET', '/v1/admin/project', created.json.adminKey as string), 401, 'invalid_key');
    expectClientError(await withBearer(h, 'GET', '/v1/stats/overview', created.json.readKey as string), 401, 'invalid_key');
    expectClientError(await asUser(h, doomedOwner, 'GET', '/v1/admin/project', { project: id }), 404, 'project_not_found');
    await eventually(async () => (await h.t.pool.query('select 1 from project_members where project_id = $1', [id])).rowCount === 0, 3000);
    expect((await asUser(h, doomedOwner, 'GET', '/v1/auth/session')).json.projects).to.deep.equal([]);
    // The other project is untouched.
    expect((await asUser(h, owner, 'GET', '/v1/admin/project', { project })).status).to.equal(200);
    expect((await postLogin(h, { email: doomedOwner.email, password: 'correct horse battery' })).status).to.equal(200);
  });
});
