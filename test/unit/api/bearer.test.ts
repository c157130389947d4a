import { expect } from 'chai';
import { authenticateBearer } from '../../../api/auth/authenticate.js';
import { HttpError } from '../../../api/http/errors.js';
import { ProjectCache } from '../../../api/projects/ProjectCache.js';
import type { CachedProject } from '../../../api/projects/snapshot.js';
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

const read = generateKey('read');
const revoked = generateKey('read');
const write = generateKey('write');

async function cacheWithKeys(): Promise<ProjectCache> {
  const keys = [
    { key: read, revoked: false, kind: 'read' as const },
    { key: revoked, revoked: true, kind: 'read' as const },
    { key: write, revoked: false, kind: 'write' as const },
  ];
  const cache = new ProjectCache(
    () =>
      Promise.resolve({
        projects: new Map([[project.id, project]]),
        keys: new Map(keys.map(({ key, kind, revoked }) => [key.prefix, { prefix: key.prefix, hash: key.hash, kind, projectId: project.id, revoked, expiresAt: undefined }])),
        loadedAt: Date.now(),
      }),
    { reloadMs: 60_000, log: silentLog },
  );
  await cache.start();
  return cache;
}

function refusal(cache: ProjectCache, authorization: string | undefined): HttpError {
  try {
    authenticateBearer(cache, authorization, 'read');
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('Bearer authentication', () => {
  it('when the header carries a key of the wanted kind then its project is found, whatever the scheme case', async () => {
    const cache = await cacheWithKeys();
    expect(authenticateBearer(cache, `Bearer ${read.key}`, 'read').project.id).to.equal('p1');
    expect(authenticateBearer(cache, `bearer  ${read.key} `, 'read').prefix).to.equal(read.prefix);
    await cache.close();
  });

  it('when the key is missing, unknown, revoked or sent in another scheme then 401 names authorization and the Bearer scheme', async () => {
    const cache = await cacheWithKeys();
    for (const [header, code] of [
      [undefined, 'missing_key'],
      [`Basic ${read.key}`, 'missing_key'],
      ['Bearer cpr_00000000_nope', 'invalid_key'],
      [`Bearer ${revoked.key}`, 'key_revoked'],
    ] as const) {
      const err = refusal(cache, header);
      expect([err.status, err.code, err.options.field], String(header)).to.deep.equal([401, code, 'authorization']);
      expect(err.options.headers).to.deep.equal({ 'WWW-Authenticate': 'Bearer' });
    }
    await cache.close();
  });

  it('when the key is valid but of another kind then 403 without WWW-Authenticate', async () => {
    const cache = await cacheWithKeys();
    const err = refusal(cache, `Bearer ${write.key}`);
    expect([err.status, err.code]).to.deep.equal([403, 'wrong_key_kind']);
    expect(err.options.headers).to.equal(undefined);
    await cache.close();
  });
});
