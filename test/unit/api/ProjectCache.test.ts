import { expect } from 'chai';
import { ProjectCache } from '../../../api/projects/ProjectCache.js';
import type { CachedProject, ProjectSnapshot } from '../../../api/projects/snapshot.js';
import type { KeyKind } from '../../../shared/entities/ApiKey.js';
import { generateKey } from '../../../shared/keys.js';
import { silentLog } from '../../helpers/services.js';

const project: CachedProject = {
  id: 'p1',
  name: 'Shop',
  timezone: 'UTC',
  allowedOrigins: new Set(),
  formAllowlist: new Set(),
  queryAllowlist: [],
  currency: 'USD',
  conversionWindowDays: 30,
  updatedAt: new Date(0),
  holdoutPercent: 0,
  holdoutSalt: '',
  segmentSlotProperty: 'slot_id',
};

function snapshot(keys: { key: ReturnType<typeof generateKey>; kind: KeyKind; revoked?: boolean; expiresAt?: number }[]): ProjectSnapshot {
  return {
    projects: new Map([[project.id, project]]),
    keys: new Map(
      keys.map(({ key, kind, revoked, expiresAt }) => [key.prefix, { prefix: key.prefix, hash: key.hash, kind, projectId: 'p1', revoked: revoked ?? false, expiresAt }]),
    ),
    loadedAt: Date.now(),
  };
}

describe('ProjectCache', () => {
  const write = generateKey('write');
  const admin = generateKey('admin');

  it('when a key is presented then it is found by prefix and checked by hash', async () => {
    const cache = new ProjectCache(() => Promise.resolve(snapshot([{ key: write, kind: 'write' }])), { reloadMs: 60_000, log: silentLog });
    await cache.start();
    expect(cache.lookupKey(write.key)).to.deep.include({ status: 'ok', kind: 'write' });
    // Same prefix, different secret: the hash decides.
    expect(cache.lookupKey(`${write.key.slice(0, 20)}${'A'.repeat(write.key.length - 20)}`)).to.deep.equal({ status: 'unknown' });
    expect(cache.lookupKey('')).to.deep.equal({ status: 'unknown' });
    await cache.close();
  });

  it('when a replaced key reaches its expiry then it stops working without any reload', async () => {
    const expiresAt = Date.now() + 150;
    const cache = new ProjectCache(() => Promise.resolve(snapshot([{ key: write, kind: 'write', expiresAt }])), { reloadMs: 60_000, log: silentLog });
    await cache.start();
    expect(cache.lookupKey(write.key)).to.deep.include({ status: 'ok', kind: 'write' });
    await new Promise((r) => setTimeout(r, 200));
    expect(cache.lookupKey(write.key)).to.deep.equal({ status: 'expired', expiredAt: new Date(expiresAt) });
    await cache.close();
  });

  it('when a reload fails then the previous snapshot keeps serving', async () => {
    let fail = false;
    const cache = new ProjectCache(
      () => (fail ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(snapshot([{ key: write, kind: 'write' }]))),
      { reloadMs: 60_000, log: silentLog },
    );
    await cache.start();
    fail = true;
    expect(await cache.reload()).to.equal(false);
    expect(cache.isLoaded()).to.equal(true);
    expect(cache.lookupKey(write.key).status).to.equal('ok');
    await cache.close();
  });

  it('when a key is revoked in a new snapshot then lookup says revoked', async () => {
    let revoked = false;
    const cache = new ProjectCache(() => Promise.resolve(snapshot([{ key: admin, kind: 'admin', revoked }])), { reloadMs: 60_000, log: silentLog });
    await cache.start();
    revoked = true;
    await cache.reload();
    expect(cache.lookupKey(admin.key)).to.deep.equal({ status: 'revoked' });
    await cache.close();
  });

  it('when reloads are requested during a reload then they share one follow-up load', async () => {
    let loads = 0;
    const cache = new ProjectCache(
      async () => {
        loads += 1;
        await new Promise((r) => setTimeout(r, 20));
        return snapshot([]);
      },
      { reloadMs: 60_000, log: silentLog },
    );
    await cache.start();
    loads = 0;
    await Promise.all([cache.reload(), cache.reload(), cache.reload(), cache.reload()]);
    expect(loads).to.equal(2);
    await cache.close();
  });

  it('when the first load fails then start() throws', async () => {
    const cache = new ProjectCache(() => Promise.reject(new Error('down')), { reloadMs: 60_000, log: silentLog });
    let failed = false;
    await cache.start().catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(cache.isLoaded()).to.equal(false);
  });
});
