import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { silentLog, createTestEnv, type TestEnv } from '../../helpers/services.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { count, drained, event, insertProject, job, producer, waitFor, type Producer } from './helpers.js';

const HOUR = 3_600_000;

describe('worker: ingest jobs', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let worker: RunningWorker;
  let q: Producer;

  beforeEach(async () => {
    t = await createTestEnv();
    q = await producer(t);
    worker = await startWorker(t.config, silentLog);
  });
  afterEach(async () => {
    await worker.close();
    await q.close();
    await t.cleanup();
  });

  it('when jobs are enqueued then rows are stored normalized and the Tokyo local days are marked dirty', async () => {
    const tokyo = await insertProject(t.pool, 'Asia/Tokyo');
    const utc = await insertProject(t.pool, 'UTC');
    // 00:00:30 on 2 March in Tokyo; the client's clock runs ten minutes fast.
    const receivedAt = Date.parse('2026-03-01T15:00:30Z');
    const sentAt = receivedAt + 10 * 60_000;
    const beforeMidnight = event('page_view', Date.parse('2026-03-01T15:09:50Z'), {
      url: 'https://Shop.example/Item?utm_source=mail&secret=1#top',
      referrer: 'https://www.google.com/search?q=x',
    });
    const afterMidnight = event('video_play', Date.parse('2026-03-01T15:10:10Z'));
    await q.add([
      job(tokyo, [beforeMidnight, afterMidnight], { timezone: 'Asia/Tokyo', receivedAt, sentAt }),
      job(utc, [event('impression', receivedAt - 20_000), event('impression', receivedAt - 60_000)], { receivedAt }),
    ]);
    await drained(q.queue);

    const { rows } = await t.pool.query<Record<string, unknown>>(`select * from events where event_id = $1`, [beforeMidnight.id]);
    expect(rows[0]).to.include({
      project_id: tokyo,
      type: 'page_view',
      url: 'https://shop.example/Item?utm_source=mail',
      page_key: 'https://shop.example/Item',
      url_host: 'shop.example',
      url_path: '/Item',
      utm_source: 'mail',
      referrer: 'https://www.google.com/search',
      referrer_host: 'www.google.com',
      referrer_class: 'search',
      browser: 'Chrome',
      os: 'Windows',
      device: 'desktop',
      country: 'JP',
      is_bot: false,
    });
    expect((rows[0]?.occurred_at as Date).toISOString()).to.equal('2026-03-01T14:59:50.000Z');
    expect((rows[0]?.client_ts as Date).toISOString()).to.equal('2026-03-01T15:09:50.000Z');

    const days = await t.pool.query<{ project_id: string; day: string }>(
      `select project_id, to_char(day, 'YYYY-MM-DD') as day from dirty_days order by project_id = $1 desc, day`,
      [tokyo],
    );
    expect(days.rows).to.deep.equal([
      { project_id: tokyo, day: '2026-03-01' },
      { project_id: tokyo, day: '2026-03-02' },
      { project_id: utc, day: '2026-03-01' },
    ]);
    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(4);
  });

  it('when the same job data is enqueued twice then the second adds no rows', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const receivedAt = Date.parse('2026-03-01T12:00:00Z');
    const data = job(projectId, [event('impression', receivedAt - 1000), event('video_play', receivedAt - 500)], { receivedAt });
    await q.add([data]);
    await drained(q.queue);
    const seq = await count(t.pool, `select seq as n from dirty_days`);
    await q.add([data]);
    await drained(q.queue);
    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(2);
    expect(await count(t.pool, `select count(*) as n from event_ids`)).to.equal(2);
    expect(await count(t.pool, `select seq as n from dirty_days`)).to.equal(seq);
    expect(await count(t.pool, `select count(*) as n from dead_letters`)).to.equal(0);
  });

  it('when 200 single-event jobs arrive together then all are stored in far fewer transactions than jobs', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const receivedAt = Date.parse('2026-03-01T12:00:00Z');
    const before = worker.writer.transactions;
    await q.add(Array.from({ length: 200 }, (_, i) => job(projectId, [event('impression', receivedAt - i * 1000)], { receivedAt })));
    await drained(q.queue);
    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(200);
    const used = worker.writer.transactions - before;
    console.log(`      200 jobs -> ${used} transactions`);
    expect(used).to.be.greaterThan(0).and.lessThan(40);
    const counts = await q.queue.getJobCounts('completed', 'failed');
    expect(counts).to.deep.equal({ completed: 0, failed: 0 });
  });

  it('when one row fails permanently then it alone becomes a dead letter, the rest store and no job fails', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const receivedAt = Date.parse('2026-03-01T12:00:00Z');
    // Bypassed validation: numeric(16,4) cannot hold 1e20.
    const overflow = event('conversion', receivedAt - 1000, { conversionType: 'purchase', value: 1e20, currency: 'USD' });
    const jobs = Array.from({ length: 20 }, (_, i) =>
      job(projectId, [event('impression', receivedAt - i * 1000), ...(i === 7 ? [overflow] : []), event('video_play', receivedAt - i * 1000)], {
        receivedAt,
      }),
    );
    await q.add(jobs);
    await drained(q.queue);

    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(40);
    const letters = await t.pool.query<{ project_id: string; reason: string; payload: { events: { id: string }[]; projectId: string } }>(
      `select project_id, reason, payload from dead_letters`,
    );
    expect(letters.rows).to.have.length(1);
    const letter = letters.rows[0]!;
    expect(letter.project_id).to.equal(projectId);
    expect(letter.reason).to.match(/numeric field overflow/);
    expect(letter.payload.events.map((e) => e.id)).to.deep.equal([overflow.id]);
    expect(letter.payload.projectId).to.equal(projectId);
    expect(await q.queue.getJobCounts('failed')).to.deep.equal({ failed: 0 });
  });

  it('when a job has another version, is malformed, or holds an event no step accepts then each goes to dead letters with a reason', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const receivedAt = Date.parse('2026-03-01T12:00:00Z');
    const good = event('impression', receivedAt - 1000);
    const future = event('impression', receivedAt + 3 * HOUR);
    await q.add([
      { ...job(projectId, [event('impression', receivedAt)]), v: 3 },
      { hello: 'world' },
      'not even an object',
      job(projectId, [good, future, { id: randomUUID(), type: 'teleport' }], { receivedAt }),
    ]);
    await drained(q.queue);
    await waitFor('dead letters', async () => (await count(t.pool, `select count(*) as n from dead_letters`)) === 5);
    const { rows } = await t.pool.query<{ reason: string; project_id: string | null }>(`select reason, project_id from dead_letters order by reason`);
    expect(rows.map((r) => r.reason)).to.deep.equal([
      'dropped: ts_future (ts)',
      'dropped: unknown_type (type)',
      'malformed job: Invalid input: expected object, received string',
      'malformed job: v is required',
      'malformed job: v unsupported job version',
    ]);
    // v: 3 names its project; { hello } and the string cannot.
    expect(rows.filter((r) => r.project_id === projectId)).to.have.length(3);
    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(1);
    expect(await q.queue.getJobCounts('failed')).to.deep.equal({ failed: 0 });
  });

  it('when a bundle holds requests with their own contexts, one malformed, then each good event stores once and the bad request alone is a dead letter', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const receivedAt = Date.parse('2026-03-01T12:00:00Z');
    const first = event('impression', receivedAt - 1000);
    const second = event('impression', receivedAt - 2000);
    const chromeless = job(projectId, [second], { receivedAt, context: { userAgent: 'curl/8.5.0', country: null, ipPrefix: null } });
    const bundle = { v: 2, projectId, requests: [job(projectId, [first], { receivedAt }), chromeless, { ...job(projectId, []), timezone: 'Mars/Olympus' }] };
    await q.add([bundle, bundle]);
    await drained(q.queue);
    const { rows } = await t.pool.query<{ event_id: string; is_bot: boolean }>(`select event_id, is_bot from events order by is_bot`);
    expect(rows).to.deep.equal([
      { event_id: first.id, is_bot: false },
      { event_id: second.id, is_bot: true },
    ]);
    const letters = await t.pool.query<{ reason: string; payload: { v: number } }>(`select reason, payload from dead_letters`);
    expect(letters.rows.map((r) => [r.reason, r.payload.v])).to.deep.equal([
      ['malformed job: timezone is not an IANA time zone', 1],
      ['malformed job: timezone is not an IANA time zone', 1],
    ]);
    expect(await q.queue.getJobCounts('failed')).to.deep.equal({ failed: 0 });
  });
});
