import { expect } from 'chai';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startEmbeddedPostgres } from '../../shared/local/embeddedPostgres.js';
import { startRedisServer } from '../../shared/local/redisServer.js';
import { freePort } from '../faults/infra/freePort.js';


describe('zero-setup local servers', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cuepoint-local-'));
    chmodSync(dir, 0o755);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when no PostgreSQL is configured then an embedded one starts, keeps its data across restarts', async () => {
    const port = await freePort();
    let server = await startEmbeddedPostgres(dir, port, 'cuepoint');
    let client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('create table kept (v int); insert into kept values (42)');
    await client.end();
    await server.stop();

    // A second start must reuse the data folder, not initialise it again.
    server = await startEmbeddedPostgres(dir, port, 'cuepoint');
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ v: number }>('select v from kept');
    await client.end();
    await server.stop();
    expect(rows).to.deep.equal([{ v: 42 }]);
  });

  it('when no Redis is configured then redis-server starts with AOF and noeviction', async () => {
    const server = await startRedisServer(dir, await freePort());
    const redis = new Redis(server.url);
    try {
      const info = await redis.info('persistence');
      expect(info).to.match(/aof_enabled:1/);
      const memory = await redis.info('memory');
      expect(memory).to.match(/maxmemory_policy:noeviction/);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
