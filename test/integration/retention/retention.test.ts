import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startWeb, type WebServer } from '../../../api/server.js';
import { maintainPartitions } from '../../../clock/tasks/maintainPartitions.js';
import { STATS_ENDPOINTS } from '../../../api/stats/endpoints.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import type { RetentionReport } from '../../../shared/retention/report.js';
import { RetentionBusy, runRetention } from '../../../shared/retention/runRetention.js';
import { rollupDirtyDays } from '../../../worker/rollup/dirty.js';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import { runRole, spawnRole, stopRole, waitFor } from '../../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { scenarioDays, Visit } from './scenario.js';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SHOP = 'https://shop.example';
const DAY_MS = 86_400_000;

/**
 * Retention through the real API, worker process, rollup, CLI and stats API. Project A (Tokyo,
 * 120 days) and project B (UTC, 101 days) have events in the month before `e1` and in the
 * month of `e1`. As of `e1` + 121 days, A keeps raw events from `e1` + 1 and B from `e1` + 20,
 * so the month before `e1` is dropped whole and B's rows of early `e1`-month days are deleted
 * one by one beside A's, which stay.
 */
describe('retention: expired raw events go, every figure stays', function () {
  this.timeout(120_000);
  const days = scenarioDays();
  const asOf = new Date(days.at(121) + 2 * 3_600_000);
  let t: TestEnv;
  let web: WebServer;
  let worker: ChildProcess;
  let a: CreatedProject;
  let b: CreatedProject;
  const ids = { dropped: [] as string[], bDeleted: [] as string[], aKept: [] as string[], bKept: [] as string[] };
  const playA = randomUUID();
  /** Stats answers before retention, by project, endpoint and range. */
  const answersBefore = new Map<string, string>();
  let dryReport: RetentionReport;

  async function post(project: CreatedProject, events: readonly unknown[]): Promise<{ status: number; body: { accepted: number; rejected: { index: number; field: string; reason: string }[] } }> {
    const res = await fetch(`${web.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': UA },
      body: JSON.stringify({ key: project.writeKey, events }),
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  async function stats(project: CreatedProject, path: string, from: string, to: string): Promise<string> {
    // The audience-retention answer is about one video, which it requires.
    const video = path === '/audience-retention' ? '&videoId=intro' : '';
    const res = await fetch(`${web.url}/v1/stats${path}?from=${from}&to=${to}${video}`, { headers: { authorization: `Bearer ${project.readKey}` } });
    const text = await res.text();
    expect(res.status, `${path} ${text}`).to.equal(200);
    return text;
  }

  /** Every stats endpoint over the pruned month's days, a range spanning both months, and kept days only. */
  function ranges(project: CreatedProject): [string, string][] {
    return project === a
      ? [[days.d(-6), days.d(-1)], [days.d(-6), days.d(13)], [days.d(9), days.d(13)]]
      : [[days.d(-6), days.d(-1)], [days.d(-6), days.d(26)], [days.d(9), days.d(11)], [days.d(24), days.d(26)]];
  }

  async function allAnswers(): Promise<Map<string, string>> {
    const answers = new Map<string, string>();
    for (const project of [a, b]) {
      for (const [from, to] of ranges(project)) {
        for (const e of STATS_ENDPOINTS) answers.set(`${project === a ? 'A' : 'B'} ${e.path} ${from}..${to}`, await stats(project, e.path, from, to));
      }
    }
    return answers;
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await t.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  const eventsIn = (list: string[]) => count(`select count(*) as n from events where event_id = any($1::uuid[])`, [list]);
  const idsIn = (list: string[]) => count(`select count(*) as n from event_ids where event_id = any($1::uuid[])`, [list]);
  const retention = (...args: string[]) => runRole('cli/main.ts', t.env, ['retention', 'run', ...args]);

  before(async () => {
    t = await createTestEnv({ PORT: '0', MAX_EVENT_AGE_DAYS: '150', CONFIG_RELOAD_MS: '200' });
    const orm = await initOrm(t.config);
    a = await createProject(orm.em.fork(), { name: 'A', timezone: 'Asia/Tokyo', allowedOrigins: [SHOP] });
    b = await createProject(orm.em.fork(), { name: 'B', timezone: 'UTC', allowedOrigins: [SHOP] });
    await orm.close();
    await t.pool.query(`update projects set retention_days = case when id = $1 then 120 else 101 end`, [a.projectId]);
    web = await startWeb(t.config, silentLog);
    worker = spawnRole('worker/main.ts', t.env);

    const v1 = randomUUID();
    const v2 = randomUUID();
    const w1 = randomUUID();
    const w2 = randomUUID();
    const s1 = new Visit(v1, days.at(-5));
    const s2 = new Visit(v2, days.at(-3));
    const aDropped = [
      s1.pageView(0, '/p/1', 'https://www.google.com/'),
      s1.open(5, '/p/1'),
      s1.play(10, 'intro', 'hero', playA),
      s1.progress(40, 'intro', 'hero', playA, 25),
      s1.cta(50, 'intro', 'hero', playA),
      s1.pageView(60, '/p/2'),
      s2.pageView(0, '/p/2'),
      s2.play(10, 'intro', 'hero', randomUUID()),
      new Visit(randomUUID(), days.at(-4)).pageView(0, '/p/4'),
    ];
    // v1 buys 15 days after the play: attributed to it, though the play's day will be pruned.
    const s3 = new Visit(v1, days.at(10));
    const s4 = new Visit(v2, days.at(12));
    const aKept = [s3.pageView(0, '/p/1'), s3.pageView(30, '/thanks'), s3.purchase(31, 20), s4.pageView(0, '/p/3')];
    const b1 = new Visit(w1, days.at(-4));
    const bDropped = [b1.pageView(0, '/b/1'), b1.play(10, 'bv', 'bs', randomUUID())];
    const b2 = new Visit(w2, days.at(10));
    const bDeleted = [b2.pageView(0, '/b/2'), b2.open(5, '/b/2')];
    const b3 = new Visit(w1, days.at(25));
    const bKept = [b3.pageView(0, '/b/3')];

    for (const [project, events] of [[a, [...aDropped, ...aKept]], [b, [...bDropped, ...bDeleted, ...bKept]]] as const) {
      const answer = await post(project, events);
      expect(answer.body.rejected).to.deep.equal([]);
    }
    ids.dropped = [...aDropped, ...bDropped].map((e) => e.id);
    ids.aKept = aKept.map((e) => e.id);
    ids.bDeleted = bDeleted.map((e) => e.id);
    ids.bKept = bKept.map((e) => e.id);
    const total = ids.dropped.length + ids.aKept.length + ids.bDeleted.length + ids.bKept.length;
    await waitFor(async () => ((await count('select count(*) as n from events')) === total ? true : undefined), 30_000, 'every event stored');
    await rollupDirtyDays(t.pool);
    for (const [k, v] of await allAnswers()) answersBefore.set(k, v);
  });

  after(async () => {
    await stopRole(worker);
    await web.close();
    await t.cleanup();
  });

  it('when the scenario is rolled up then the figures to keep are there (a purchase attributed to the pruned-to-be play)', async () => {
    const videos = JSON.parse(await stats(a, '/videos', days.d(10), days.d(10))) as { videos: { videoId: string; conversions: number }[] };
    expect(videos.videos.find((v) => v.videoId === 'intro')?.conversions).to.equal(1);
    const overview = JSON.parse(answersBefore.get(`A /overview ${days.d(-6)}..${days.d(-1)}`)!) as { totals: { visitors: number; plays: number } };
    expect(overview.totals).to.include({ visitors: 3, plays: 2 });
  });

  it('when retention runs dry then it reports what would go and deletes nothing', async () => {
    const eventsBefore = await count('select count(*) as n from events');
    const idsBefore = await count('select count(*) as n from event_ids');
    dryReport = await runRetention(t.pool, { asOf, dryRun: true, deadLetterRetentionDays: 30 });
    expect(dryReport.dryRun).to.equal(true);
    expect(dryReport.partitions.map((p) => p.name)).to.include(days.m1Partition);
    const m1 = dryReport.partitions.find((p) => p.name === days.m1Partition)!;
    expect(m1).to.include({ events: ids.dropped.length, eventIds: ids.dropped.length });
    const bRow = dryReport.projects.find((p) => p.projectId === b.projectId)!;
    expect(bRow.events).to.equal(2 + ids.bDeleted.length);
    expect(await count('select count(*) as n from events')).to.equal(eventsBefore);
    expect(await count('select count(*) as n from event_ids')).to.equal(idsBefore);
    expect(await count(`select count(*) as n from pg_class where relname = $1`, [days.m1Partition])).to.equal(1);
    expect(await count('select count(*) as n from projects where raw_kept_from is not null')).to.equal(0);
    expect(await count('select count(*) as n from retention_runs')).to.equal(0);
  });

  it('when retention runs with --as-of past a month then that month is dropped with its event ids, and only B loses rows of the shared month', async () => {
    const mark = `insert into dirty_days (project_id, day, seq) values ($1, $2, nextval('dirty_seq'))`;
    await t.pool.query(mark, [a.projectId, days.d(-5)]);
    await t.pool.query(mark, [a.projectId, days.d(11)]);
    const out = await retention('--as-of', asOf.toISOString(), '--json');
    expect(out.code, out.stderr).to.equal(0);
    const report = JSON.parse(out.stdout) as RetentionReport;
    expect(report.partitions.map((p) => [p.name, p.events])).to.deep.equal(dryReport.partitions.map((p) => [p.name, p.events]));
    expect(report.projects.map((p) => [p.projectId, p.events, p.eventIds, p.plays, p.sessions])).to.deep.equal(
      dryReport.projects.map((p) => [p.projectId, p.events, p.eventIds, p.plays, p.sessions]),
    );
    expect(await count(`select count(*) as n from pg_class where relname = $1`, [days.m1Partition])).to.equal(0);
    expect(await eventsIn(ids.dropped)).to.equal(0);
    expect(await idsIn(ids.dropped)).to.equal(0);
    expect(await eventsIn(ids.bDeleted)).to.equal(0);
    expect(await idsIn(ids.bDeleted)).to.equal(0);
    // A's rows in the same partition, and B's newer ones, stay.
    expect(await eventsIn(ids.aKept)).to.equal(ids.aKept.length);
    expect(await idsIn(ids.aKept)).to.equal(ids.aKept.length);
    expect(await eventsIn(ids.bKept)).to.equal(ids.bKept.length);
    // The attribution window keeps A's plays, and so their sessions; other sessions more than two days before the cutoff go.
    expect(await count(`select count(*) as n from plays where play_id = $1`, [playA])).to.equal(1);
    const aSessions = `select count(*) as n from sessions s where project_id = $1 and started_at < $2`;
    const withPlay = `${aSessions} and exists (select 1 from plays p where p.session_id = s.session_id)`;
    expect(await count(aSessions, [a.projectId, new Date(days.at(0))])).to.equal(2);
    expect(await count(withPlay, [a.projectId, new Date(days.at(0))])).to.equal(2);
    expect(await count(`select count(*) as n from sessions where project_id = $1 and started_at >= $2 and started_at < $3`, [b.projectId, new Date(days.at(0)), new Date(days.at(18))])).to.equal(0);
    const kept = await t.pool.query<{ id: string; day: string }>(`select id, to_char(raw_kept_from at time zone timezone, 'YYYY-MM-DD') as day from projects`);
    expect(Object.fromEntries(kept.rows.map((r) => [r.id, r.day]))).to.deep.equal({ [a.projectId]: days.d(1), [b.projectId]: days.d(20) });
    // The pruned day's mark is dropped (its rollup would do nothing), the kept day's stays.
    const marks = await t.pool.query<{ day: string }>(`select day::text from dirty_days where project_id = $1`, [a.projectId]);
    expect(marks.rows.map((r) => r.day)).to.deep.equal([days.d(11)]);
    await t.pool.query(`delete from dirty_days`);
    const run = await t.pool.query<{ partitions_dropped: number; rows_deleted: string }>(`select partitions_dropped, rows_deleted from retention_runs`);
    expect(run.rows).to.have.length(1);
    expect(run.rows[0]!.partitions_dropped).to.equal(report.partitions.length);
    expect(Number(run.rows[0]!.rows_deleted)).to.equal(report.rowsDeleted);
  });

  it('when the clock keeps partitions afterwards then it does not re-create the dropped month', async () => {
    // MAX_EVENT_AGE_DAYS (150) reaches back past the dropped month; every project's first complete day does not.
    expect(await maintainPartitions(t.pool, t.config.ingest.maxEventAgeMs)).to.equal(0);
    expect(await count(`select count(*) as n from pg_class where relname = $1`, [days.m1Partition])).to.equal(0);
  });

  it('when the stats API is asked again then every answer of every endpoint and range is byte-identical', async () => {
    const after = await allAnswers();
    expect(after.size).to.equal(answersBefore.size);
    for (const [k, v] of answersBefore) expect(after.get(k), k).to.equal(v);
  });

  it('when a rollup job targets a pruned day then it drops the mark and leaves the rows', async () => {
    const day = days.d(-5);
    const stamp = async () => (await t.pool.query<{ seq: string }>(`select seq::text from rollup_days where project_id = $1 and day = $2`, [a.projectId, day])).rows[0]?.seq;
    const seqBefore = await stamp();
    await t.pool.query(`insert into dirty_days (project_id, day, seq) values ($1, $2, nextval('dirty_seq'))`, [a.projectId, day]);
    const result = await rollupDay(t.pool, a.projectId, day, { lock: 'try' });
    expect(result.pruned).to.deep.equal({ firstKeptDay: days.d(1) });
    expect(await count(`select count(*) as n from dirty_days where project_id = $1`, [a.projectId])).to.equal(0);
    expect(await stamp()).to.equal(seqBefore);
    expect(await stats(a, '/overview', days.d(-6), days.d(-1))).to.equal(answersBefore.get(`A /overview ${days.d(-6)}..${days.d(-1)}`));
  });

  it('when rollup rebuild targets a pruned day then it refuses with the first rebuildable day and touches nothing', async () => {
    const seqs = async () => (await t.pool.query<{ day: string; seq: string }>(`select day::text, seq::text from rollup_days where project_id = $1 order by day`, [a.projectId])).rows;
    const seqsBefore = await seqs();
    const out = await runRole('cli/main.ts', t.env, ['rollup', 'rebuild', '--project', a.projectId, '--from', days.d(-5), '--to', days.d(10)]);
    expect(out.code).to.equal(1);
    expect(out.stderr).to.contain(`the first day that can be rebuilt is ${days.d(1)}`);
    expect(await seqs()).to.deep.equal(seqsBefore);
  });

  it("when the day of a conversion whose play's day is pruned is rebuilt then the attribution is kept", async () => {
    const out = await runRole('cli/main.ts', t.env, ['rollup', 'rebuild', '--project', a.projectId, '--from', days.d(9), '--to', days.d(13)]);
    expect(out.code, out.stderr).to.equal(0);
    for (const e of STATS_ENDPOINTS) {
      const key = `A ${e.path} ${days.d(9)}..${days.d(13)}`;
      expect(await stats(a, e.path, days.d(9), days.d(13)), key).to.equal(answersBefore.get(key));
    }
    const videos = JSON.parse(await stats(a, '/videos', days.d(10), days.d(10))) as { videos: { videoId: string; conversions: number }[] };
    expect(videos.videos.find((v) => v.videoId === 'intro')?.conversions).to.equal(1);
  });

  it('when events older than the first complete day or the retention are posted then ingest refuses them as ts_too_old', async () => {
    // A keeps 120 days, but its raw events are complete only from e1 + 1.
    const visit = new Visit(randomUUID(), days.at(-2));
    const answer = await post(a, [visit.pageView(0, '/late'), { ...new Visit(randomUUID(), days.at(2)).pageView(0, '/fine') }]);
    expect(answer.status).to.equal(202);
    expect(answer.body).to.deep.equal({ accepted: 1, rejected: [{ index: 0, field: 'ts', reason: 'ts_too_old' }] });

    const patched = await fetch(`${web.url}/v1/admin/project`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${b.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ retentionDays: 31 }),
    });
    expect(patched.status).to.equal(200);
    const old = new Visit(randomUUID(), Date.now() - 40 * DAY_MS).pageView(0, '/old');
    const refused = await waitFor(async () => {
      const r = await post(b, [old]);
      return r.status === 400 ? r : undefined;
    }, 10_000, 'the new retention to reach ingest');
    expect(refused.body.rejected).to.deep.equal([{ index: 0, field: 'ts', reason: 'ts_too_old' }]);
  });

  it('when another run holds the retention lock then a run skips at once', async () => {
    const holder = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock(2, 0)');
      const err = await runRetention(t.pool, { deadLetterRetentionDays: 30 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(RetentionBusy);
    } finally {
      await holder.end();
    }
  });

  it('when dead letters are older than the setting then they go and newer ones stay', async () => {
    const insert = `insert into dead_letters (project_id, payload, reason, created_at) values ($1, '{}', 'ts_future', now() - make_interval(days => $2)) returning id::text`;
    const old = (await t.pool.query<{ id: string }>(insert, [a.projectId, 31])).rows[0]!.id;
    const fresh = (await t.pool.query<{ id: string }>(insert, [a.projectId, 29])).rows[0]!.id;
    const report = await runRetention(t.pool, { deadLetterRetentionDays: 30 });
    expect(report.deadLetters).to.equal(1);
    const left = await t.pool.query<{ id: string }>(`select id::text from dead_letters order by id`);
    expect(left.rows.map((r) => r.id)).to.deep.equal([fresh]);
    expect(old).to.not.equal(fresh);
  });
});
