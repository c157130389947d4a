import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { rollupRebuildCommand } from '../../../cli/commands/rollup.js';
import { recordRollupFailure } from '../../../shared/rollup/failures.js';
import { LOCK_SQL } from '../../../worker/rollup/sql.js';
import { runRole } from '../../helpers/processes.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { count, waitFor } from '../worker/helpers.js';
import { createProject, ev, Ingest, projectDay, visitor } from './helpers.js';

describe('cli: rollup rebuild', function () {
  this.timeout(30_000);
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when a range is rebuilt while a scheduled rollup holds a day then it waits, rebuilds every day and prints its summary', async () => {
    const p = await createProject(t.pool, { timezone: 'America/New_York' });
    await new Ingest(t.pool).write(p, [ev.play(visitor(), '2026-03-09T15:00:00Z', randomUUID()), ev.impression(visitor(), '2026-03-11T15:00:00Z')]);
    // Stand-in for a scheduled rollup that holds the project's rollup lock for a while.
    const holder = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await holder.connect();
    await holder.query(LOCK_SQL, [p.id]);
    try {
      const running = runRole('cli/main.ts', t.env, ['rollup', 'rebuild', '--project', p.id, '--from', '2026-03-09', '--to', '2026-03-11']);
      // Release only once the command is seen waiting for that lock: it must wait, not fail.
      await waitFor('the command to wait for the lock', async () =>
        (await count(t.pool, `select count(*) as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`)) === 1);
      await holder.query(`select pg_advisory_unlock_all()`);
      const out = await running;
      expect(out.code, out.stderr).to.equal(0);
      const summary = JSON.parse(out.stdout) as Record<string, unknown>;
      expect(summary).to.include({ projectId: p.id, from: '2026-03-09', to: '2026-03-11', days: 3 });
      expect(summary.lastSeq).to.be.a('number').greaterThan(summary.firstSeq as number);
      expect(summary.elapsedMs).to.be.a('number');
    } finally {
      await holder.end();
    }
    expect((await projectDay(t.pool, p.id, '2026-03-09'))?.plays).to.equal(1);
    expect((await projectDay(t.pool, p.id, '2026-03-11'))?.impressions).to.equal(1);
    const stamped = await t.pool.query(`select day::text from rollup_days where project_id = $1 order by day`, [p.id]);
    expect(stamped.rows.map((r: { day: string }) => r.day)).to.deep.equal(['2026-03-09', '2026-03-10', '2026-03-11']);
  });

  it('when the range is reversed or not days then the command refuses it before connecting', async () => {
    const run = (from: string, to: string) => rollupRebuildCommand({ project: randomUUID(), from, to }).catch((e: unknown) => e);
    expect(await run('2026-03-09', '2026-03-08')).to.have.property('message', '--to (2026-03-08) is before --from (2026-03-09)');
    expect(await run('2026-02-30', '2026-03-08')).to.have.property('message', '--from must be a calendar day YYYY-MM-DD: 2026-02-30');
  });

  it('when the project is unknown then it fails with one clear sentence', async () => {
    const id = randomUUID();
    const unknown = await runRole('cli/main.ts', t.env, ['rollup', 'rebuild', '--project', id, '--from', '2026-03-09', '--to', '2026-03-09']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr.trim()).to.equal(`cuepoint: unknown project: ${id}`);
  });

  it('when rollup failures are listed for a project then its failing days are printed as JSON', async () => {
    const [p, q] = [randomUUID(), randomUUID()];
    const backoff = { baseMs: 60_000, maxMs: 3_600_000 };
    await recordRollupFailure(t.pool, { projectId: p, day: '2026-03-10', error: 'numeric field overflow [22003]' }, backoff);
    await recordRollupFailure(t.pool, { projectId: p, day: '2026-03-10', error: 'numeric field overflow [22003]' }, backoff);
    await recordRollupFailure(t.pool, { projectId: q, day: '2026-03-10', error: 'other' }, backoff);
    const out = await runRole('cli/main.ts', t.env, ['rollup', 'failures', '--project', p]);
    expect(out.code, out.stderr).to.equal(0);
    const listed = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(listed).to.have.length(1);
    expect(listed[0]).to.include({ projectId: p, day: '2026-03-10', error: 'numeric field overflow [22003]', attempts: 2 });
    expect(Object.keys(listed[0] ?? {}).sort()).to.deep.equal(['attempts', 'day', 'error', 'firstSeen', 'lastSeen', 'nextAttemptAt', 'projectId']);

    const bad = await runRole('cli/main.ts', t.env, ['rollup', 'failures', '--project', 'nope']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr.trim()).to.equal('cuepoint: --project must be a project id (UUID): nope');
  });
});
