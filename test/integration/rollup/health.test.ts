import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { recordRollupFailure } from '../../../shared/rollup/failures.js';
import { startHarness, type Harness } from '../api/harness.js';

const BACKOFF = { baseMs: 60_000, maxMs: 3_600_000 };

describe('rollup health: GET /healthz/rollups', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('when nothing waits then it answers ok with zero counts', async () => {
    const answer = await h.request('GET', '/healthz/rollups');
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    expect(answer.json).to.deep.equal({ status: 'ok', failingDays: 0, oldestFailureSince: null, dirtyDays: 0, lagSeconds: 0 });
  });

  it('when days fail and wait then it counts them, dates the oldest failure and the lag, and names no project', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const pool = h.t.pool;
    await recordRollupFailure(pool, { projectId: a, day: '2026-03-10', error: 'numeric field overflow [22003]' }, BACKOFF);
    await pool.query(`update rollup_failures set first_seen = '2026-03-11T00:00:00Z'`);
    await recordRollupFailure(pool, { projectId: b, day: '2026-03-10', error: 'index row size exceeds maximum [54000]' }, BACKOFF);
    // a's day was marked 5 minutes ago and never rolled up since; b's day rolled up 2 minutes ago and was re-marked.
    await pool.query(
      `insert into dirty_days (project_id, day, seq, marked_at) values
         ($1, '2026-03-10', nextval('dirty_seq'), now() - interval '300 seconds'),
         ($2, '2026-03-10', nextval('dirty_seq'), now() - interval '900 seconds')`,
      [a, b],
    );
    await pool.query(`insert into rollup_days (project_id, day, seq, rolled_at) values ($1, '2026-03-10', 1, now() - interval '120 seconds')`, [b]);

    const answer = await h.request('GET', '/healthz/rollups');
    expect(answer.status).to.equal(200);
    const { lagSeconds, ...rest } = answer.json;
    expect(rest).to.deep.equal({ status: 'failing', failingDays: 2, oldestFailureSince: '2026-03-11T00:00:00.000Z', dirtyDays: 2 });
    expect(lagSeconds).to.be.within(300, 305);
    const text = JSON.stringify(answer.json);
    for (const id of [a, b]) expect(text).not.to.contain(id);
    expect(text).not.to.contain('overflow');
  });

  it('when PostgreSQL does not answer in time then it answers 503 within about two seconds', async () => {
    const blocker = new pg.Client({ connectionString: h.t.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table rollup_failures in access exclusive mode');
      const started = Date.now();
      const answer = await h.request('GET', '/healthz/rollups');
      expect(answer.status).to.equal(503);
      expect(answer.json).to.deep.equal({ status: 'unavailable' });
      expect(Date.now() - started).to.be.within(1900, 3000);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
  });
});
