import { expect } from 'chai';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE } from '../../shared/queue/contract.js';
import { keyMatches, keyPrefix } from '../../shared/keys.js';
import { runRole } from '../helpers/processes.js';
import { createTestEnv, type TestEnv } from '../helpers/services.js';

describe('cli', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when a project is created then one JSON object with its id and four working keys is printed', async () => {
    const out = await runRole('cli/main.ts', t.env, [
      'project', 'create', '--name', 'Shop', '--timezone', 'Asia/Tokyo', '--origin', 'https://Shop.example/', '--origin', 'https://m.shop.example',
    ]);
    expect(out.code, out.stderr).to.equal(0);
    const created = JSON.parse(out.stdout) as { projectId: string; writeKey: string; readKey: string; adminKey: string; serverKey: string };
    expect(Object.keys(created).sort()).to.deep.equal(['adminKey', 'projectId', 'readKey', 'serverKey', 'writeKey']);

    const project = await t.pool.query<{ timezone: string; allowed_origins: string[] }>('select timezone, allowed_origins from projects where id = $1', [created.projectId]);
    expect(project.rows[0]).to.deep.equal({ timezone: 'Asia/Tokyo', allowed_origins: ['https://shop.example', 'https://m.shop.example'] });
    for (const [kind, key] of [['write', created.writeKey], ['read', created.readKey], ['admin', created.adminKey], ['server', created.serverKey]] as const) {
      const row = await t.pool.query<{ kind: string; hash: string }>('select kind, hash from api_keys where prefix = $1', [keyPrefix(key)]);
      expect(row.rows[0]?.kind).to.equal(kind);
      expect(keyMatches(key, row.rows[0]!.hash)).to.equal(true);
      expect(row.rows[0]!.hash).not.to.contain(key);
    }
  });

  it('when the time zone is unknown then the command fails with one clear sentence', async () => {
    const out = await runRole('cli/main.ts', t.env, ['project', 'create', '--name', 'X', '--timezone', 'Mars/Base']);
    expect(out.code).to.equal(1);
    expect(out.stderr.trim()).to.equal('cuepoint: unknown IANA time zone: Mars/Base');
  });

  it('when migrate runs on a migrated database then nothing is applied', async () => {
    const out = await runRole('cli/main.ts', t.env, ['migrate']);
    expect(out.code, out.stderr).to.equal(0);
    expect(JSON.parse(out.stdout)).to.deep.equal({ applied: [] });
  });

  it('when dead letters are listed and replayed then the command exits and the job is queued with its retry options', async () => {
    const payload = { v: 1, projectId: '00000000-0000-4000-8000-000000000001', timezone: 'UTC', receivedAt: Date.now(), sentAt: null, context: { userAgent: null, country: null, ipPrefix: null }, queryAllowlist: [], events: [] };
    await t.pool.query(`insert into dead_letters (project_id, job_id, payload, reason, created_at) values ($1, 'j1', $2, 'test reason', now())`, [payload.projectId, payload]);

    const listed = await runRole('cli/main.ts', t.env, ['dead-letter', 'list']);
    expect(listed.code, listed.stderr).to.equal(0);
    const rows = JSON.parse(listed.stdout) as { reason: string; replayedAt: string | null }[];
    expect(rows.map((r) => [r.reason, r.replayedAt])).to.deep.equal([['test reason', null]]);

    const replayed = await runRole('cli/main.ts', t.env, ['dead-letter', 'replay', '--all']);
    expect(replayed.code, replayed.stderr).to.equal(0);
    expect(JSON.parse(replayed.stdout)).to.have.property('replayed', 1);

    const redis = new Redis(t.config.redis.url ?? '');
    const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix: t.config.redis.prefix });
    try {
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs).to.have.length(1);
      expect(jobs[0]!.opts.attempts).to.equal(5);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
