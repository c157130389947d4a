import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { runRetention } from '../../../shared/retention/runRetention.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

const DAY = 86_400_000;

describe('retention: form facts', () => {
  let t: TestEnv;
  const projectId = randomUUID();
  const asOf = new Date('2026-12-06T12:00:00Z');
  const ago = (days: number) => new Date(asOf.getTime() - days * DAY);

  before(async () => {
    t = await createTestEnv();
    await t.pool.query(
      `insert into projects (id, name, timezone, retention_days, conversion_window_days, created_at, updated_at) values ($1, 'forms', 'UTC', 31, 30, now(), now())`,
      [projectId],
    );
    const submission = `insert into form_submissions (project_id, event_id, visitor_id, session_id, form_id, submitted_at, outcome, fields, is_bot)
      values ($1, $2, gen_random_uuid(), gen_random_uuid(), 'contact', $3, 'success', '[{"name":"message","value":"[REDACTED]"}]', false)`;
    const start = `insert into form_starts (project_id, session_id, form_id, visitor_id, started_at, first_submit_at, is_bot)
      values ($1, gen_random_uuid(), 'contact', gen_random_uuid(), $2, $3, false)`;
    for (const days of [40, 32, 30, 1]) await t.pool.query(submission, [projectId, randomUUID(), ago(days)]);
    // Starts: past the sessions' horizon (cutoff − 2 days), inside it, kept; one attempt without a start, only a submit.
    for (const [started, submitted] of [[40, 39], [32, null], [30, 30], [null, 40]] as const) {
      await t.pool.query(start, [projectId, started === null ? null : ago(started), submitted === null ? null : ago(submitted)]);
    }
  });

  after(async () => {
    await t.cleanup();
  });

  it('when raw events expire then submissions past the cutoff and attempts past the sessions horizon go, the rest stay', async () => {
    const dry = await runRetention(t.pool, { asOf, dryRun: true, deadLetterRetentionDays: 30 });
    const mine = (r: typeof dry) => r.projects.find((p) => p.projectId === projectId)!;
    expect([mine(dry).formSubmissions, mine(dry).formStarts]).to.deep.equal([2, 2]);
    const report = await runRetention(t.pool, { asOf, deadLetterRetentionDays: 30 });
    expect([mine(report).formSubmissions, mine(report).formStarts]).to.deep.equal([2, 2]);
    const left = await t.pool.query<{ days: number }>(
      `select round(extract(epoch from ($2::timestamptz - submitted_at)) / 86400)::int as days from form_submissions where project_id = $1 order by 1 desc`,
      [projectId, asOf],
    );
    expect(left.rows.map((r) => r.days)).to.deep.equal([30, 1]);
    const starts = await t.pool.query<{ days: number }>(
      `select round(extract(epoch from ($2::timestamptz - started_at)) / 86400)::int as days from form_starts where project_id = $1 order by 1 desc`,
      [projectId, asOf],
    );
    expect(starts.rows.map((r) => r.days)).to.deep.equal([32, 30]);
  });
});
