import { expect } from 'chai';
import { hashToken } from '../../../api/auth/sessionStore.js';
import { pruneEndedSessions } from '../../../shared/accounts/pruneSessions.js';
import { startHarness, type Harness } from '../api/harness.js';
import { addUser, PASSWORD, signIn } from './users.js';

const HOUR = 3_600_000;

describe('accounts: ended sessions are deleted by the clock', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ projects: [{ name: 'Shop', timezone: 'UTC' }] });
  });
  after(async () => {
    await h.close();
  });

  it('when sessions are past their end or idle too long then they are deleted, and live ones stay and keep working', async () => {
    const user = await addUser(h, { [h.project.projectId]: 'viewer' });
    const live = await signIn(h, { email: user.email, password: PASSWORD });
    const idle = await signIn(h, { email: user.email, password: PASSWORD });
    const ended = await signIn(h, { email: user.email, password: PASSWORD });
    const count = async () => Number((await h.t.pool.query<{ n: string }>(`select count(*) as n from user_sessions where user_id = $1`, [user.id])).rows[0]!.n);
    expect(await count()).to.equal(3);
    // Age two of them the way time would: one idle for 2 h, one past its absolute end.
    const hashOf = (cookie: string) => hashToken(decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)));
    await h.t.pool.query(`update user_sessions set last_seen_at = now() - interval '2 hours' where token_hash = $1`, [hashOf(idle.cookie)]);
    await h.t.pool.query(`update user_sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [hashOf(ended.cookie)]);

    expect(await pruneEndedSessions(h.t.pool, HOUR)).to.equal(2);
    expect(await count()).to.equal(1);
    expect(await pruneEndedSessions(h.t.pool, HOUR)).to.equal(0);
    const me = await h.request('GET', '/v1/auth/session', { headers: { cookie: live.cookie } });
    expect(me.status).to.equal(200);
  });
});
