import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import { expect } from 'chai';
import { createPool } from '../../../shared/db/pool.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE } from '../../../shared/queue/contract.js';
import { DeadLetterSink } from '../../../worker/deadLetterSink.js';
import { copyFailedJob } from '../../../worker/failedJobs.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { addUser, asUser, signIn } from '../accounts/users.js';
import { expectClientError } from '../api/assertions.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;
const REDACTED = '[REDACTED]';
/** What a visitor typed that must never be stored: each is looked for in every table. */
const SECRETS = ['hunter2-secret', '4111 1111 1111 1111', '078-05-1120', 'jane.doe@mail.example', '5555-5555-5555-4444'];

interface Visit {
  visitorId: string;
  sessionId: string;
}
const visit = (): Visit => ({ visitorId: randomUUID(), sessionId: randomUUID() });

describe('forms: from the tracker contract to stored submissions and figures', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  // Two whole UTC days in the past, so every event is accepted and neither day is today.
  const d1 = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS);
  const day1 = d1.toISOString().slice(0, 10);
  const day2 = new Date(d1.getTime() + DAY_MS).toISOString().slice(0, 10);
  const at = (dayOffset: number, hh: number, mm: number, ss: number) => d1.getTime() + dayOffset * DAY_MS + ((hh * 60 + mm) * 60 + ss) * 1000;
  const event = (type: string, v: Visit, ts: number, fields: Record<string, unknown>) => ({ id: randomUUID(), type, ts, ...v, ...fields });
  const start = (v: Visit, ts: number, formId = 'contact') => event('form_start', v, ts, { formId, url: `${SHOP}/contact?email=x@y.z&utm_source=news` });
  const submit = (v: Visit, ts: number, formId = 'contact', values: Record<string, string> = {}) =>
    event('form_submit', v, ts, {
      formId,
      outcome: 'success',
      url: `${SHOP}/contact`,
      // A value slipped into a field object is not part of the contract: it must be dropped, not stored.
      fields: [{ name: 'name', type: 'text', length: 4, value: 'hunter2-secret' }, { name: 'password', type: 'password' }, 'note', { name: 'email', type: 'email', length: 21 }],
      values,
    });

  // The hand-computed scenario (UTC project):
  // A: start d1 10:00:00, submit 10:00:30 → completed in 30 s
  // B: starts d1 11:00:05 and 11:00:00 (the earlier one counts), submits 11:01:00 and 11:02:00 → 60 s, 2 submits
  // C: start d1 23:59:50, submit d2 00:00:10 → completed in 20 s, counted on d1; its submit on d2
  // D: start d1 12:00:00, never submits → abandoned
  // E: submit d1 13:00:00 without a start → a submit, no attempt
  // F: newsletter start d2 09:00:00, submit 09:00:45 → 45 s
  const [a, b, c, d, e, f] = [visit(), visit(), visit(), visit(), visit(), visit()];
  const secretValues = { name: 'Jane', password: 'hunter2-secret', note: 'card 4111 1111 1111 1111, ssn 078-05-1120, mail jane.doe@mail.example', email: 'jane.doe@mail.example' };
  const bSubmit = submit(b, at(0, 11, 1, 0), 'contact', secretValues);
  const batches = [
    [submit(a, at(0, 10, 0, 30)), start(b, at(0, 11, 0, 5)), bSubmit],
    [start(a, at(0, 10, 0, 0)), submit(b, at(0, 11, 2, 0)), submit(c, at(1, 0, 0, 10))],
    [start(b, at(0, 11, 0, 0)), start(c, at(0, 23, 59, 50)), start(d, at(0, 12, 0, 0)), submit(e, at(0, 13, 0, 0), 'contact', { note: 'order 123-45-67890', cvv: '123' })],
    [start(f, at(1, 9, 0, 0), 'newsletter'), submit(f, at(1, 9, 0, 45), 'newsletter')],
  ];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Forms', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    expect((await h.admin('PATCH', '/project', { formAllowlist: ['name', 'password', 'note', 'email', 'cvv'] })).status).to.equal(200);
    worker = await startWorker(h.t.config, silentLog);
    // Out of order on purpose: submits before their starts, a later start before the earlier one.
    for (const events of batches) expect((await h.post({ events }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    const total = batches.flat().length;
    await waitFor('the form events', async () => (await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n === String(total));
    await rollupAll(h.t.pool, h.project.projectId);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  const stats = async (from: string, to: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/forms?from=${from}&to=${to}`, h.project.readKey);
    expect(answer.status).to.equal(200);
    return answer.json as { forms: Record<string, unknown>[]; other: unknown };
  };

  it('when starts and submits span sessions and days then the range figures are the hand-computed ones', async () => {
    const body = await stats(day1, day2);
    expect(body.forms).to.deep.equal([
      {
        formId: 'contact',
        starts: 4,
        completed: 3,
        submits: 5,
        completionRate: 0.75,
        abandonRate: 0.25,
        avgSecondsToComplete: 36.6667,
        medianSecondsToComplete: 30,
      },
      { formId: 'newsletter', starts: 1, completed: 1, submits: 1, completionRate: 1, abandonRate: 0, avgSecondsToComplete: 45, medianSecondsToComplete: 45 },
    ]);
    expect(body.other).to.equal(null);
  });

  it('when one day is asked then attempts count on their start day and submits on their own', async () => {
    const first = await stats(day1, day1);
    expect(first.forms.map((r) => [r.formId, r.starts, r.completed, r.submits, r.medianSecondsToComplete])).to.deep.equal([['contact', 4, 3, 4, 30]]);
    const second = await stats(day2, day2);
    expect(second.forms.map((r) => [r.formId, r.starts, r.completed, r.submits, r.completionRate, r.medianSecondsToComplete])).to.deep.equal([
      ['newsletter', 1, 1, 1, 1, 45],
      ['contact', 0, 0, 1, null, null],
    ]);
  });

  it('when limit is 1 then the second form is folded into other', async () => {
    const answer = await withBearer(h, 'GET', `/v1/stats/forms?from=${day1}&to=${day2}&limit=1`, h.project.readKey);
    expect((answer.json.forms as unknown[]).length).to.equal(1);
    expect(answer.json.other).to.include({ starts: 1, submits: 1, medianSecondsToComplete: 45 });
  });

  it('when submissions are stored then only allowlisted values are kept, redacted, with types and lengths', async () => {
    const { rows } = await h.t.pool.query<{ fields: unknown; seconds_to_complete: number; page_url: string }>(
      `select fields, seconds_to_complete, page_url from form_submissions where event_id = $1`,
      [bSubmit.id],
    );
    expect(rows[0]).to.deep.equal({
      fields: [
        { name: 'name', type: 'text', length: 4, value: 'Jane' },
        { name: 'password', type: 'password', length: null, value: REDACTED },
        { name: 'note', type: null, length: null, value: `card ${REDACTED}, ssn ${REDACTED}, mail ${REDACTED}` },
        { name: 'email', type: 'email', length: 21, value: REDACTED },
      ],
      seconds_to_complete: 60,
      page_url: `${SHOP}/contact`,
    });
    const near = await h.t.pool.query<{ fields: { name: string; value?: string }[] }>(`select fields from form_submissions where visitor_id = $1`, [e.visitorId]);
    expect(near.rows[0]!.fields.filter((x) => x.value !== undefined)).to.deep.equal([
      { name: 'note', type: null, length: null, value: 'order 123-45-67890' },
      { name: 'cvv', type: null, length: null, value: REDACTED },
    ]);
  });

  it('when any table is searched for what was typed then no secret is found anywhere, raw events and query strings included', async () => {
    for (const table of ['events', 'form_submissions', 'form_starts', 'dead_letters', 'daily_forms']) {
      const { rows } = await h.t.pool.query<{ n: string }>(`select count(*)::text as n from ${table} t where t::text like any($1)`, [
        [...SECRETS.map((s) => `%${s}%`), '%x@y.z%'],
      ]);
      expect(rows[0]!.n, table).to.equal('0');
    }
  });

  it('when an admin lists the submissions then they come newest first, redacted, and page by page', async () => {
    const first = await withBearer(h, 'GET', '/v1/forms/contact/submissions?limit=3', h.project.adminKey);
    expect(first.status).to.equal(200);
    const page1 = first.json.submissions as { submittedAt: string; eventId: string; fields: { value?: string }[] }[];
    expect(page1.map((s) => s.submittedAt)).to.deep.equal([at(1, 0, 0, 10), at(0, 13, 0, 0), at(0, 11, 2, 0)].map((ms) => new Date(ms).toISOString()));
    const second = await withBearer(h, 'GET', `/v1/forms/contact/submissions?limit=3&before=${String(first.json.next)}`, h.project.adminKey);
    const page2 = second.json.submissions as { eventId: string; fields: { value?: string }[]; secondsToComplete: number | null }[];
    expect(page2.map((s) => s.eventId)).to.deep.equal([bSubmit.id, batches[0]![0]!.id]);
    expect(second.json.next).to.equal(null);
    expect(page2[0]!.secondsToComplete).to.equal(60);
    const text = JSON.stringify([first.json, second.json]);
    for (const secret of SECRETS) expect(text).to.not.include(secret);
    expect(text).to.include(REDACTED);
  });

  it('when a read key or a bad parameter asks for submissions then it is refused with the reason', async () => {
    expectClientError(await withBearer(h, 'GET', '/v1/forms/contact/submissions', h.project.readKey), 403, 'wrong_key_kind', 'authorization');
    expectClientError(await withBearer(h, 'GET', '/v1/forms/contact/submissions?limit=0', h.project.adminKey), 400, 'invalid_parameter', 'limit');
    expectClientError(await withBearer(h, 'GET', '/v1/forms/contact/submissions?before=yesterday', h.project.adminKey), 400, 'invalid_parameter', 'before');
    expectClientError(await withBearer(h, 'GET', '/v1/forms/contact/submissions?page=2', h.project.adminKey), 400, 'invalid_parameter', 'page');
    expectClientError(await withBearer(h, 'GET', `/v1/forms/${'x'.repeat(300)}/submissions`, h.project.adminKey), 400, 'invalid_parameter', 'formId');
    expect((await withBearer(h, 'GET', '/v1/forms/%E0%A4/submissions', h.project.adminKey)).status).to.equal(400);
  });

  it('when signed-in users list submissions then an admin may and a member may not', async () => {
    const admin = await signIn(h, await addUser(h, { [h.project.projectId]: 'admin' }));
    const member = await signIn(h, await addUser(h, { [h.project.projectId]: 'member' }));
    const path = '/v1/forms/newsletter/submissions';
    const answer = await asUser(h, admin, 'GET', path, { project: h.project.projectId });
    expect(answer.status).to.equal(200);
    expect((answer.json.submissions as unknown[]).length).to.equal(1);
    expectClientError(await asUser(h, member, 'GET', path, { project: h.project.projectId }), 403, 'insufficient_role');
  });

  it('when a form_submit job fails for good then its dead letter holds only the redacted values', async () => {
    await worker.close();
    const connection = createRedis(h.t.config, 'worker');
    const pool = createPool(h.t.config, 2);
    const sink = new DeadLetterSink(pool, silentLog, 100);
    const copied: Promise<void>[] = [];
    // Unrecoverable: the job fails for good at once instead of after its backed-off retries.
    const failing = new Worker(INGEST_QUEUE, () => Promise.reject(new UnrecoverableError('processor bug')), { connection, prefix: h.t.config.redis.prefix });
    failing.on('failed', (j, err) => copied.push(copyFailedJob(j, err, sink, silentLog)));
    try {
      const dead = submit(visit(), Date.now() - 60_000, 'contact', secretValues);
      expect((await h.post({ events: [dead] }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
      await waitFor('the dead letter', async () => (await h.t.pool.query(`select 1 from dead_letters`)).rows.length > 0);
      await Promise.all(copied);
      const { rows } = await h.t.pool.query<{ payload: unknown }>(`select payload from dead_letters`);
      const text = JSON.stringify(rows);
      expect(text).to.include(dead.id).and.include(REDACTED);
      for (const secret of SECRETS) expect(text).to.not.include(secret);
    } finally {
      await failing.close();
      connection.disconnect();
      await pool.end();
      worker = await startWorker(h.t.config, silentLog);
    }
  });
});
