import { expect } from 'chai';
import { startWeb, type WebServer } from '../../../api/server.js';
import { keyPrefix } from '../../../shared/keys.js';
import { publishConfigChanged } from '../../../shared/queue/configEvents.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from './assertions.js';
import { ev, eventually, startHarness, type Harness } from './harness.js';

const DAY_MS = 86_400_000;

/** One event posted to one web process with a key, answered with its status. */
async function postTo(url: string, key: string): Promise<number> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cuepoint-key': key },
    body: JSON.stringify({ events: [ev.pageView()] }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('admin: replaced keys keep a grace period', () => {
  let h: Harness;
  let second: WebServer;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop', timezone: 'Europe/Berlin' },
        { name: 'Other', timezone: 'UTC' },
        { name: 'Third', timezone: 'UTC' },
      ],
    });
    second = await startWeb(h.t.config, silentLog);
  });
  after(async () => {
    await second.close();
    await h.close();
  });

  it('when the write key is rotated without options then the old one keeps working for 7 days, in every web process', async () => {
    const before = Date.now();
    const rotated = await h.admin('POST', '/keys/write/rotate', {});
    expect(rotated.status).to.equal(201);
    expect(rotated.json.revoked).to.deep.equal([]);
    const [expiring] = rotated.json.expiring as { prefix: string; expiresAt: string }[];
    expect(expiring?.prefix).to.equal(keyPrefix(h.project.writeKey));
    expect(Date.parse(expiring!.expiresAt) - before).to.be.within(7 * DAY_MS - 1000, 7 * DAY_MS + 60_000);
    for (const url of [h.web.url, second.url]) {
      expect(await postTo(url, h.project.writeKey), url).to.equal(202);
      expect(await postTo(url, rotated.json.key as string), url).to.equal(202);
    }
    const listed = (await h.admin('GET', '/keys')).json.keys as { prefix: string; revokedAt: string | null; expiresAt: string | null }[];
    expect(listed.find((k) => k.prefix === expiring!.prefix)).to.deep.include({ revokedAt: null, expiresAt: expiring!.expiresAt });
    expect(listed.find((k) => k.prefix === rotated.json.prefix)).to.deep.include({ revokedAt: null, expiresAt: null });
  });

  it('when the grace period ends then the old key stops in every web process, without any reload', async () => {
    const other = h.projects[1]!;
    const rotated = await h.admin('POST', '/keys/write/rotate', { graceDays: 1 }, other.adminKey);
    expect(rotated.status).to.equal(201);
    // Shorten the day to a moment, then let both processes load it once.
    const ends = new Date(Date.now() + 1500);
    await h.t.pool.query(`update api_keys set expires_at = $1 where prefix = $2`, [ends, keyPrefix(other.writeKey)]);
    await publishConfigChanged(h.redis, h.t.config.redis.prefix);
    await eventually(async () => (await h.admin('GET', '/keys', undefined, other.adminKey)).status === 200, 1000);
    await new Promise((r) => setTimeout(r, 300));
    for (const url of [h.web.url, second.url]) expect(await postTo(url, other.writeKey), url).to.equal(202);

    await new Promise((r) => setTimeout(r, Math.max(0, ends.getTime() - Date.now()) + 50));
    for (const url of [h.web.url, second.url]) {
      const answer = await h.request('POST', '/v1/events', {
        headers: { 'content-type': 'application/json', 'x-cuepoint-key': other.writeKey },
        body: JSON.stringify({ events: [ev.pageView()] }),
      });
      if (url === h.web.url) expectClientError(answer, 401, 'key_expired', 'x-cuepoint-key');
      expect(await postTo(url, other.writeKey), url).to.equal(401);
      expect(await postTo(url, rotated.json.key as string), url).to.equal(202);
    }
  });

  it('when a key in its grace period is deleted then it stops at once in every web process', async () => {
    const third = h.projects[2]!;
    expect((await h.admin('POST', '/keys/write/rotate', {}, third.adminKey)).status).to.equal(201);
    expect(await postTo(second.url, third.writeKey)).to.equal(202);
    expect((await h.admin('DELETE', `/keys/${keyPrefix(third.writeKey)}`, undefined, third.adminKey)).status).to.equal(204);
    await eventually(async () => (await postTo(second.url, third.writeKey)) === 401, 2000);
    expect(await postTo(h.web.url, third.writeKey)).to.equal(401);
  });

  it('when graceDays is 0 then the old key stops at once', async () => {
    const rotated = await h.admin('POST', '/keys/write/rotate', { graceDays: 0 });
    const revoked = rotated.json.revoked as string[];
    // Every previous write key of the project, the one still in its grace period included.
    expect(revoked).to.include(keyPrefix(h.project.writeKey));
    expect(rotated.json.expiring).to.deep.equal([]);
    expect(await postTo(h.web.url, h.project.writeKey)).to.equal(401);
  });

  it('when graceDays is out of range or combined with revokePrevious false then 400 naming graceDays', async () => {
    expectClientError(await h.admin('POST', '/keys/write/rotate', { graceDays: -1 }), 400, 'invalid_field', 'graceDays');
    expectClientError(await h.admin('POST', '/keys/write/rotate', { graceDays: 91 }), 400, 'invalid_field', 'graceDays');
    expectClientError(await h.admin('POST', '/keys/write/rotate', { graceDays: 1.5 }), 400, 'invalid_field', 'graceDays');
    expectClientError(await h.admin('POST', '/keys/write/rotate', { graceDays: 3, revokePrevious: false }), 400, 'invalid_field', 'graceDays');
  });

  it('when an admin key is rotated with a grace period then the old one may no longer be the last kept admin key', async () => {
    const third = h.projects[2]!;
    const rotated = await h.admin('POST', '/keys/admin/rotate', { graceDays: 1 }, third.adminKey);
    expect(rotated.status).to.equal(201);
    // The old key still works during its grace period, but the new one is the one kept.
    expectClientError(await h.admin('DELETE', `/keys/${rotated.json.prefix as string}`, undefined, third.adminKey), 409, 'last_admin_key', 'prefix');
    expect((await h.admin('DELETE', `/keys/${keyPrefix(third.adminKey)}`, undefined, rotated.json.key as string)).status).to.equal(204);
  });
});
