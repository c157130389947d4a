import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { startHarness, type Harness } from '../api/harness.js';
import { addUser, asUser, PASSWORD, postLogin, sessionCookieOf, signIn } from './users.js';

describe('accounts: signing in and out', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { LOGIN_MAX_PER_ACCOUNT: '4', LOGIN_MAX_PER_IP: '1000' } });
  });
  after(async () => {
    await h.close();
  });

  it('when the right e-mail (in any case) and password are posted then 200 names the user and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const user = await addUser(h, { [h.project.projectId]: 'viewer' });
    const answer = await postLogin(h, { email: `  ${user.email.toUpperCase()} `, password: PASSWORD });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    expect(answer.json.user).to.deep.equal({ id: user.id, email: user.email });
    expect(answer.json.csrfToken).to.be.a('string').with.length.greaterThan(30);
    const setCookie = answer.headers.getSetCookie().join('\n');
    expect(setCookie).to.match(/cuepoint_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i).and.match(/Path=\//);
    expect(setCookie, 'plain HTTP with no proxy hop').to.not.match(/Secure/i);
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    // Stored hashed: the cookie's value is nowhere in the table.
    const token = sessionCookieOf(answer).split('=')[1]!;
    const { rows } = await h.t.pool.query<{ token_hash: string }>('select token_hash from user_sessions where user_id = $1', [user.id]);
    expect(rows).to.have.length(1);
    expect(rows[0]!.token_hash).to.match(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_hash).to.not.equal(token);
  });

  it('when the password is wrong or the e-mail unknown then both get the same 401 invalid_credentials', async () => {
    const user = await addUser(h);
    const wrong = await postLogin(h, { email: user.email, password: 'not the password' });
    const unknown = await postLogin(h, { email: 'nobody-here@example.com', password: PASSWORD });
    expectClientError(wrong, 401, 'invalid_credentials', 'password');
    expectClientError(unknown, 401, 'invalid_credentials', 'password');
    expect(unknown.json).to.deep.equal(wrong.json);
    expect(wrong.headers.getSetCookie()).to.deep.equal([]);
  });

  it('when an unknown e-mail is tried then the answer takes about as long as a wrong password (a hash is checked either way)', async () => {
    const user = await addUser(h);
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      await postLogin(h, { email, password: 'wrong password!' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    await time(`warm-${user.email}`);
    const known = await time(user.email);
    const unknown = await time(`nobody-${user.email}`);
    expect(unknown).to.be.greaterThan(known / 3);
  });

  it('when an account is guessed at past LOGIN_MAX_PER_ACCOUNT then 429 too_many_attempts with an integer Retry-After, even with the right password', async () => {
    const user = await addUser(h);
    for (let i = 0; i < 4; i += 1) expect((await postLogin(h, { email: user.email, password: 'guess guess' })).status).to.equal(401);
    const refused = await postLogin(h, { email: user.email, password: PASSWORD });
    expectClientError(refused, 429, 'too_many_attempts', 'email');
    const retryAfter = refused.headers.get('retry-after') ?? '';
    expect(retryAfter).to.match(/^\d+$/);
    expect(Number(retryAfter)).to.be.within(1, 15 * 60);
    // Redis holds neither the address nor the e-mail.
    const keys = await h.redis.keys(`${h.t.config.redis.prefix}:login:*`);
    expect(keys).to.have.length.greaterThan(0);
    expect(keys.join(' ')).to.not.include(user.email);
    expect(keys.join(' ')).to.not.include('127.0.0.1');
  });

  it('when a sign-in succeeds then the account counter starts again', async () => {
    const user = await addUser(h);
    for (let i = 0; i < 3; i += 1) await postLogin(h, { email: user.email, password: 'guess guess' });
    await signIn(h, user);
    for (let i = 0; i < 3; i += 1) expect((await postLogin(h, { email: user.email, password: 'guess guess' })).status).to.equal(401);
  });

  it('when the login comes from another origin then 403 cross_origin, and its own origin is fine', async () => {
    const user = await addUser(h);
    expectClientError(await postLogin(h, { email: user.email, password: PASSWORD }, { origin: 'https://evil.example' }), 403, 'cross_origin', 'origin');
    expect((await postLogin(h, { email: user.email, password: PASSWORD }, { origin: h.web.url.replace('127.0.0.1', '127.0.0.1') })).status).to.equal(200);
  });

  it('when the login is not JSON (a cross-site form) then 415 and nothing is read', async () => {
    const user = await addUser(h);
    const form = await h.request('POST', '/v1/auth/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(PASSWORD)}`,
    });
    expectClientError(form, 415, 'unsupported_media_type', 'content-type');
  });

  it('when the session is asked for then it names the user, the CSRF token and the projects with their roles; without a cookie 401 not_logged_in', async () => {
    const user = await addUser(h, { [h.project.projectId]: 'member' });
    const browser = await signIn(h, user);
    const session = await asUser(h, browser, 'GET', '/v1/auth/session');
    expect(session.status).to.equal(200);
    expect(session.json).to.deep.equal({
      user: { id: user.id, email: user.email },
      csrfToken: browser.csrfToken,
      projects: [{ id: h.project.projectId, name: 'Shop', timezone: 'Europe/Berlin', currency: 'USD', role: 'member' }],
    });
    expectClientError(await h.request('GET', '/v1/auth/session'), 401, 'not_logged_in');
  });

  it('when the user logs out then 204 clears the cookie and the old cookie no longer works', async () => {
    const user = await addUser(h, { [h.project.projectId]: 'viewer' });
    const browser = await signIn(h, user);
    const out = await asUser(h, browser, 'POST', '/v1/auth/logout');
    expect(out.status).to.equal(204);
    expect(out.headers.getSetCookie().join()).to.match(/cuepoint_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await asUser(h, browser, 'GET', '/v1/auth/session');
    expectClientError(after, 401, 'not_logged_in');
    expect(after.headers.getSetCookie().join(), 'the dead cookie is dropped').to.match(/cuepoint_session=;.*Expires=Thu, 01 Jan 1970/);
    expectClientError(await asUser(h, browser, 'GET', '/v1/stats/overview', { project: h.project.projectId }), 401, 'not_logged_in');
  });

  it('when the password is changed then 204, every other session ends, this one stays, and the new password signs in', async () => {
    const user = await addUser(h, { [h.project.projectId]: 'viewer' });
    const here = await signIn(h, user);
    const elsewhere = await signIn(h, user);
    expectClientError(await asUser(h, here, 'POST', '/v1/auth/password', { body: { currentPassword: 'wrong one!', newPassword: 'a new secret 1' } }), 400, 'invalid_field', 'currentPassword');
    expectClientError(await asUser(h, here, 'POST', '/v1/auth/password', { body: { currentPassword: PASSWORD, newPassword: 'short' } }), 400, 'invalid_field', 'newPassword');
    expect((await asUser(h, here, 'POST', '/v1/auth/password', { body: { currentPassword: PASSWORD, newPassword: 'a new secret 1' } })).status).to.equal(204);
    expect((await asUser(h, here, 'GET', '/v1/auth/session')).status).to.equal(200);
    expectClientError(await asUser(h, elsewhere, 'GET', '/v1/auth/session'), 401, 'not_logged_in');
    expectClientError(await postLogin(h, { email: user.email, password: PASSWORD }), 401, 'invalid_credentials');
    await signIn(h, { email: user.email, password: 'a new secret 1' });
  });

  it('when a session has been idle past SESSION_IDLE_HOURS or is past its end then it no longer works', async () => {
    const user = await addUser(h, { [h.project.projectId]: 'viewer' });
    const idle = await signIn(h, user);
    const old = await signIn(h, user);
    await h.t.pool.query(`update user_sessions set last_seen_at = now() - interval '169 hours' where csrf_token = $1`, [idle.csrfToken]);
    await h.t.pool.query(`update user_sessions set expires_at = now() - interval '1 second' where csrf_token = $1`, [old.csrfToken]);
    expectClientError(await asUser(h, idle, 'GET', '/v1/auth/session'), 401, 'not_logged_in');
    expectClientError(await asUser(h, old, 'GET', '/v1/auth/session'), 401, 'not_logged_in');
  });
});

describe('accounts: the cookie behind an HTTPS proxy', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { TRUST_PROXY_HOPS: '1' } });
  });
  after(async () => {
    await h.close();
  });

  it('when the trusted proxy hop says https then the cookie is Secure, and the https origin is the own one', async () => {
    const user = await addUser(h);
    const host = new URL(h.web.url).host;
    const answer = await postLogin(h, { email: user.email, password: PASSWORD }, { 'x-forwarded-proto': 'https', origin: `https://${host}` });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    expect(answer.headers.getSetCookie().join()).to.match(/; Secure/);
  });
});
