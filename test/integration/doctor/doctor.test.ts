import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import pg from 'pg';
import { judgeMigrations, pendingMigrations } from '../../../cli/doctor/postgresChecks.js';
import { checkClock, checkRedisPersistence } from '../../../cli/doctor/redisChecks.js';
import { runDoctor } from '../../../cli/doctor/runDoctor.js';
import type { CheckResult } from '../../../cli/doctor/verdict.js';
import { startClock } from '../../../clock/server.js';
import { MIGRATIONS } from '../../../migrations/index.js';
import { startRedisServer } from '../../../shared/local/redisServer.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { runRole } from '../../helpers/processes.js';
import { createTestEnv, dropWhenIdle, sharedServices, silentLog, withDatabase, type TestEnv } from '../../helpers/services.js';
import { freePort } from '../../faults/infra/freePort.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';


const KNOWN = MIGRATIONS.map((m) => m.name);

describe('cuepoint doctor', function () {
  this.timeout(60_000);
  let t: TestEnv;
  let redis: RedisClient;
  before(async () => {
    t = await createTestEnv();
    redis = createRedis(t.config, 'plain');
  });
  after(async () => {
    redis.disconnect();
    await t.cleanup();
  });

  const check = (results: CheckResult[], name: string): CheckResult => {
    const found = results.find((r) => r.check === name);
    if (!found) throw new Error(`no ${name} check`);
    return found;
  };

  it('when Redis runs without AOF (the test Redis) then the redis check fails and says to turn AOF on', async () => {
    const verdict = await checkRedisPersistence(redis);
    expect(verdict.status).to.equal('fail');
    expect(verdict.found).to.equal('maxmemory-policy noeviction, AOF off');
    expect(verdict.advice).to.match(/^turn AOF on/);
  });

  it('when a redis-server runs with AOF and noeviction then the redis check is ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuepoint-doctor-'));
    const server = await startRedisServer(dir, await freePort());
    const safe = new Redis(server.url);
    try {
      expect(await checkRedisPersistence(safe)).to.deep.equal({ status: 'ok', found: 'maxmemory-policy noeviction, AOF on', advice: '' });
    } finally {
      safe.disconnect();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the database is fresh and empty then every migration is pending and the check fails; on a migrated one it is ok', async () => {
    const { adminUrl } = await sharedServices();
    const name = `cp_doctor_empty_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const empty = new pg.Pool({ connectionString: withDatabase(adminUrl, name), max: 1 });
    try {
      const pending = await pendingMigrations(empty, KNOWN);
      expect(pending).to.deep.equal(KNOWN);
      const verdict = judgeMigrations(pending, KNOWN.length);
      expect(verdict.status).to.equal('fail');
      expect(verdict.found).to.match(new RegExp(`^${KNOWN.length} of ${KNOWN.length} migrations pending`));
      expect(verdict.advice).to.include('npx cuepoint migrate');
      expect(judgeMigrations(await pendingMigrations(t.pool, KNOWN), KNOWN.length)).to.deep.include({ status: 'ok' });
    } finally {
      await empty.end();
      await admin.end();
      // Not a forced drop at once: the pool's socket may still be closing, and terminating it
      // then raises an error no test can catch.
      await dropWhenIdle(adminUrl, name);
    }
  });

  it('when a migration the code knows is missing from the database then it alone is pending', async () => {
    const last = KNOWN[KNOWN.length - 1]!;
    const client = await t.pool.connect();
    try {
      await client.query('begin');
      await client.query(`delete from mikro_orm_migrations where name in ($1::text, $1::text || '.js', $1::text || '.ts')`, [last]);
      expect(await pendingMigrations(client, KNOWN)).to.deep.equal([last]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('when no clock has ticked then the clock check warns, and once a clock has started it is ok', async () => {
    const none = await checkClock(redis, t.config.redis.prefix, Date.now());
    expect(none.status).to.equal('warn');
    expect(none.found).to.equal('no tick recorded');
    const clock = await startClock(t.config, silentLog);
    try {
      const ticked = await checkClock(redis, t.config.redis.prefix, Date.now());
      expect(ticked.status, ticked.found).to.equal('ok');
      expect(ticked.found).to.match(/^last tick \d+ s ago/);
      // Ten minutes on, the same tick means a stopped clock.
      expect((await checkClock(redis, t.config.redis.prefix, Date.now() + 10 * 60_000)).status).to.equal('fail');
    } finally {
      await clock.close();
    }
  });

  it('when every check runs on the migrated test database then only what this machine lacks is flagged', async () => {
    const results = await runDoctor({ config: t.config, redis, pool: t.pool });
    expect(results.map((r) => r.check)).to.deep.equal([
      'redis', 'postgres-version', 'postgres-settings', 'read-replica', 'migrations', 'partitions', 'clock', 'queues', 'dead-letters', 'rollups', 'disk',
    ]);
    for (const name of ['postgres-version', 'read-replica', 'migrations', 'partitions', 'queues', 'dead-letters', 'rollups']) {
      expect(check(results, name).status, `${name}: ${check(results, name).found}`).to.equal('ok');
    }
    expect(check(results, 'redis').status).to.equal('fail');
  });

  it('when run as a command then it prints one line per check, exits 1 on a failed check, and --json holds the same checks', async () => {
    const text = await runRole('cli/main.ts', t.env, ['doctor']);
    expect(text.code, text.stderr).to.equal(1);
    const lines = text.stdout.trim().split('\n');
    expect(lines).to.have.length(11);
    for (const line of lines) expect(line).to.match(/^(ok {2}|warn|fail) {2}[a-z-]+ +\S/);
    expect(lines[0]).to.match(/^fail {2}redis +maxmemory-policy noeviction, AOF off — turn AOF on/);

    const json = await runRole('cli/main.ts', t.env, ['doctor', '--json']);
    expect(json.code, json.stderr).to.equal(1);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; checks: CheckResult[] };
    expect(parsed.ok).to.equal(false);
    expect(parsed.checks.map((c) => c.check)).to.have.length(11);
    expect(check(parsed.checks, 'migrations')).to.deep.include({ status: 'ok', advice: '' });
    expect(check(parsed.checks, 'read-replica')).to.deep.equal({ check: 'read-replica', status: 'ok', found: 'DATABASE_READ_URL unset: stats read the primary', advice: '' });
  });
});
