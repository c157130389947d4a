import { expect } from 'chai';
import type pg from 'pg';
import { MAX_FORMS_PER_DAY } from '../../../worker/rollup/tables/forms.js';
import type { TestEnv } from '../../helpers/services.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import type { FactInput } from '../../../worker/persist/facts.js';
import { recordForms } from '../../../worker/persist/facts/forms.js';
import { BOT_UA, createProject, dirtyDays, eachTestEnv, type Ingest, type Raw, rollupAll, type TestProject, visitor, type Visitor } from '../rollup/helpers.js';
import { job } from '../worker/helpers.js';
import { randomUUID } from 'node:crypto';

const start = (v: Visitor, ts: string, formId = 'contact'): Raw => ({ id: randomUUID(), type: 'form_start', ts: Date.parse(ts), ...v, formId });
const submit = (v: Visitor, ts: string, formId = 'contact'): Raw => ({
  id: randomUUID(),
  type: 'form_submit',
  ts: Date.parse(ts),
  ...v,
  formId,
  outcome: 'success',
  fields: ['name'],
});

/** A stored row as the writer hands it to the fact keepers. */
function factInput(project: TestProject, raw: Raw): FactInput {
  const row = normalizeEvent(raw, job(project.id, [], { timezone: project.timezone, receivedAt: raw.ts + 1000 }), { maxEventAgeMs: 400 * 86_400_000 });
  if (row instanceof ToDeadLetter) throw new Error(`test event rejected: ${row.describe()}`);
  return { row, timezone: project.timezone };
}

async function attempts(pool: pg.Pool, projectId: string) {
  const { rows } = await pool.query<{ session_id: string; started_at: Date | null; first_submit_at: Date | null }>(
    `select session_id, started_at, first_submit_at from form_starts where project_id = $1 order by session_id`,
    [projectId],
  );
  return rows.map((r) => ({ session: r.session_id, startedAt: r.started_at?.toISOString() ?? null, firstSubmitAt: r.first_submit_at?.toISOString() ?? null }));
}

async function seconds(pool: pg.Pool, projectId: string) {
  const { rows } = await pool.query<{ event_id: string; seconds_to_complete: number | null }>(
    `select event_id, seconds_to_complete from form_submissions where project_id = $1 order by event_id`,
    [projectId],
  );
  return rows;
}

async function dailyForms(pool: pg.Pool, projectId: string, day: string, isBot = false) {
  const { rows } = await pool.query<{ form_id: string; starts: string; completed: string; submits: string; seconds_count: string; seconds_hist: Record<string, number> }>(
    `select form_id, starts::text, completed::text, submits::text, seconds_count::text, seconds_hist
       from daily_forms where project_id = $1 and day = $2 and is_bot = $3 order by form_id`,
    [projectId, day, isBot],
  );
  return rows;
}

describe('forms: facts kept by the writer and the day rollup', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => ({ t, ingest } = env));

  it('when the same events come in any batches and order then the attempts and submissions are identical', async () => {
    const [a, b] = [visitor(), visitor()];
    const events = [
      start(a, '2026-03-01T10:00:00Z'),
      start(a, '2026-03-01T10:00:05Z'),
      submit(a, '2026-03-01T09:59:00Z'),
      submit(a, '2026-03-01T10:00:30Z'),
      submit(a, '2026-03-01T10:01:00Z'),
      start(b, '2026-03-01T11:00:00Z'),
    ];
    const together = await createProject(t.pool);
    const oneByOne = await createProject(t.pool);
    await ingest.write(together, events);
    for (const e of [...events].reverse()) await ingest.write(oneByOne, [e]);
    const expected = [
      { session: a.sessionId, startedAt: '2026-03-01T10:00:00.000Z', firstSubmitAt: '2026-03-01T10:00:30.000Z' },
      { session: b.sessionId, startedAt: '2026-03-01T11:00:00.000Z', firstSubmitAt: null },
    ].sort((x, y) => (x.session < y.session ? -1 : 1));
    expect(await attempts(t.pool, together.id)).to.deep.equal(expected);
    expect(await attempts(t.pool, oneByOne.id)).to.deep.equal(expected);
    // Before the start: no time to complete; after it: seconds since the first start.
    const byId = new Map((await seconds(t.pool, oneByOne.id)).map((r) => [r.event_id, r.seconds_to_complete]));
    expect([events[2], events[3], events[4]].map((e) => byId.get(e!.id))).to.deep.equal([null, 30, 60]);
    expect(await seconds(t.pool, together.id)).to.have.length(3);
  });

  it('when a submit is uncommitted while another writer stores its start then the start waits for it and the attempt is completed', async () => {
    const project = await createProject(t.pool);
    const v = visitor();
    const first = await t.pool.connect();
    const second = await t.pool.connect();
    try {
      await first.query('begin');
      await recordForms(first, [factInput(project, submit(v, '2026-03-01T10:00:30Z'))]);
      await second.query('begin');
      // The second writer must not decide about the attempt before the first has committed.
      let secondDone = false;
      const storing = recordForms(second, [factInput(project, start(v, '2026-03-01T10:00:00Z'))]).then(() => (secondDone = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(secondDone, 'the start waited for the uncommitted submit').to.equal(false);
      await first.query('commit');
      await storing;
      await second.query('commit');
    } finally {
      first.release();
      second.release();
    }
    expect(await attempts(t.pool, project.id)).to.deep.equal([
      { session: v.sessionId, startedAt: '2026-03-01T10:00:00.000Z', firstSubmitAt: '2026-03-01T10:00:30.000Z' },
    ]);
    expect((await seconds(t.pool, project.id)).map((r) => r.seconds_to_complete)).to.deep.equal([30]);
  });

  it('when a late, earlier start arrives after a rollup then both start days are marked and the attempt moves', async () => {
    const project = await createProject(t.pool);
    const v = visitor();
    await ingest.write(project, [start(v, '2026-03-02T10:00:00Z'), submit(v, '2026-03-02T10:00:30Z')]);
    await rollupAll(t.pool, project.id);
    expect(await dailyForms(t.pool, project.id, '2026-03-02')).to.deep.equal([
      { form_id: 'contact', starts: '1', completed: '1', submits: '1', seconds_count: '1', seconds_hist: { '30': 1 } },
    ]);
    await ingest.write(project, [start(v, '2026-03-01T23:00:00Z')]);
    expect(await dirtyDays(t.pool, project.id)).to.deep.equal(['2026-03-01', '2026-03-02']);
    await rollupAll(t.pool, project.id);
    expect(await dailyForms(t.pool, project.id, '2026-03-01')).to.deep.equal([
      { form_id: 'contact', starts: '1', completed: '1', submits: '0', seconds_count: '1', seconds_hist: { '39630': 1 } },
    ]);
    expect(await dailyForms(t.pool, project.id, '2026-03-02')).to.deep.equal([
      { form_id: 'contact', starts: '0', completed: '0', submits: '1', seconds_count: '0', seconds_hist: {} },
    ]);
  });

  it('when a bot starts and submits then its attempt is kept apart under is_bot', async () => {
    const project = await createProject(t.pool);
    const v = visitor();
    await ingest.write(project, [start(v, '2026-03-01T10:00:00Z'), submit(v, '2026-03-01T10:00:02Z')], { userAgent: BOT_UA });
    await rollupAll(t.pool, project.id);
    expect(await dailyForms(t.pool, project.id, '2026-03-01')).to.deep.equal([]);
    expect((await dailyForms(t.pool, project.id, '2026-03-01', true)).map((r) => [r.form_id, r.starts, r.submits])).to.deep.equal([['contact', '1', '1']]);
  });

  it('when a day has more forms than the cap then the least active are counted under (other)', async () => {
    const project = await createProject(t.pool);
    const busy = visitor();
    const events = [start(busy, '2026-03-01T08:00:00Z', 'busy'), submit(busy, '2026-03-01T08:00:10Z', 'busy')];
    for (let i = 0; i < MAX_FORMS_PER_DAY; i++) events.push(submit(visitor(), '2026-03-01T09:00:00Z', `f${String(i).padStart(4, '0')}`));
    await ingest.write(project, events);
    await rollupAll(t.pool, project.id);
    const rows = await dailyForms(t.pool, project.id, '2026-03-01');
    expect(rows).to.have.length(MAX_FORMS_PER_DAY + 1);
    expect(rows.find((r) => r.form_id === 'busy')).to.include({ starts: '1', submits: '1' });
    // The last form id by order is the one past the cap; nothing is lost.
    expect(rows.find((r) => r.form_id === '(other)')).to.include({ submits: '1' });
    expect(rows.reduce((n, r) => n + Number(r.submits), 0)).to.equal(MAX_FORMS_PER_DAY + 1);
  });
});
