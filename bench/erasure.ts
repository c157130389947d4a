/**
 * Erasing one visitor from a project with background traffic: how long the erasure job takes,
 * phase by phase (plan, delete, day re-rolls, member numbers), with no index added for it.
 *
 *   node --import tsx bench/erasure.ts [--events 300000] [--days 60] [--visitor-events 1000] [--db cuepoint_bench_erasure]
 *
 * Data, generated in PostgreSQL with set-based SQL (setseed, so every run holds the same rows):
 * - background: `--events` events of other visitors in sessions of 5 events (page view, widget
 *   open, play, a 25 % milestone, a click), spread evenly over `--days` local days; 40 % of the
 *   sessions belong to returning visitors;
 * - the erased visitor: `--visitor-events` events across every one of those days, one session a
 *   day (page views, a play with its four milestones, watch time, clicks, one conversion with an
 *   order id a background visitor also used);
 * - sessions and visitor_firsts rebuilt from the events by the shared rebuild SQL, plays and
 *   milestones as the writer keeps them, event_ids, and every day rolled up before the erasure.
 * Then the job runs as the worker runs it (`eraseVisitor`), while a poller records when its
 * progress enters each phase. The database is left in place for inspection.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../shared/config.js';
import { addDays } from '../shared/days.js';
import { createJob } from '../shared/erasure/lifecycleJobs.js';
import { visitorHash } from '../shared/erasure/visitorHash.js';
import { createLogger } from '../shared/logger.js';
import { REBUILD_PROJECT_SESSIONS_SQL, REBUILD_PROJECT_VISITOR_FIRSTS_SQL } from '../shared/sessions/rebuildSql.js';
import { localDay } from '../shared/timezone.js';
import { eraseVisitor } from '../worker/maintenance/eraseVisitor.js';
import { mergeMonthSets, rollupDay } from '../worker/rollup/rollupDay.js';
import { databaseUrl, recreateDatabase } from './lib/database.js';

interface Args {
  events: number;
  days: number;
  visitorEvents: number;
  db: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 300_000, days: 60, visitorEvents: 1000, db: 'cuepoint_bench_erasure' };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${String(name)} needs a value`);
    if (name === '--events') args.events = Number(value);
    else if (name === '--days') args.days = Number(value);
    else if (name === '--visitor-events') args.visitorEvents = Number(value);
    else if (name === '--db') args.db = value;
    else throw new Error(`unknown argument: ${String(name)}`);
  }
  return args;
}

const X = '00000000-0000-4000-8000-00000000e4a5';
const ZONE = 'Europe/Paris';

// $1 project, $2 first local day, $3 days, $4 sessions. Session s: day s % days, visitor s for
// the first 60 %, else one of the first 40 % again (returning), five events 40 s apart.
const BACKGROUND_SQL = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id,
    play_id, video_id, slot_id, percent, target, url, page_key, url_host, url_path, browser, os, device, country, is_bot, from_server)
  select $1, gen_random_uuid(), t.type, at, at, at, v.visitor, v.session,
    case when t.k >= 2 then v.play end, case when t.k >= 2 then 'video-' || (s % 20) end, case when t.k >= 2 then 'slot-' || (s % 3) end,
    case when t.k = 3 then 25 end, case when t.k = 4 then 'cta' end,
    'https://shop.example/p/' || (s % 500), 'https://shop.example/p/' || (s % 500), 'shop.example', '/p/' || (s % 500),
    'Chrome', 'Windows', 'desktop', 'FR', false, false
  from generate_series(1, $4::int) s
  cross join lateral (select
      ('00000000-0000-4000-8000-' || lpad(to_hex(case when s <= $4 * 0.6 then s else 1 + (s % ($4 * 0.4)::int) end), 12, '0'))::uuid as visitor,
      gen_random_uuid() as session, gen_random_uuid() as play,
      (($2::date + (s % $3)) + time '08:00' + (random() * interval '12 hours')) at time zone '${ZONE}' as start) v
  cross join lateral (values (0, 'page_view'), (1, 'widget_open'), (2, 'video_play'), (3, 'video_progress'), (4, 'click')) as t(k, type)
  cross join lateral (select v.start + t.k * interval '40 seconds' as at) a`;

// The erased visitor: per day one session of $4 events: a page view, a play and its milestones,
// then watch time and clicks; on the first day a conversion with order O-1.
const VISITOR_SQL = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id,
    play_id, video_id, slot_id, percent, seconds, target, conversion_type, value, currency, order_id, url, page_key, url_host, url_path,
    browser, os, device, country, is_bot, from_server)
  select $1, gen_random_uuid(), e.type, at, at, at, $5::uuid, d.session,
    case when e.type like 'video%' or e.type = 'click' then d.play end,
    case when e.type like 'video%' or e.type = 'click' then 'video-1' end, case when e.type like 'video%' or e.type = 'click' then 'slot-1' end,
    e.percent, case when e.type = 'video_time' then 5 end, case when e.type = 'click' then 'cta' end,
    case when e.type = 'conversion' then 'purchase' end, case when e.type = 'conversion' then 10 end,
    case when e.type = 'conversion' then 'USD' end, case when e.type = 'conversion' then 'O-1' end,
    'https://shop.example/p/1', 'https://shop.example/p/1', 'shop.example', '/p/1', 'Firefox', 'Linux', 'desktop', 'DE', false, false
  from (select day, gen_random_uuid() as session, gen_random_uuid() as play from generate_series(0, $3::int - 1) day) d
  cross join lateral (select i,
      case when i = 0 then 'page_view' when i = 1 then 'video_play' when i between 2 and 5 then 'video_progress'
           when i = 6 and d.day = 0 then 'conversion' when i % 2 = 0 then 'video_time' else 'click' end as type,
      case when i between 2 and 5 then (i - 1) * 25 end as percent
    from generate_series(0, $4::int - 1) i) e
  cross join lateral (select (($2::date + d.day) + time '10:00' + e.i * interval '20 seconds') at time zone '${ZONE}' as at) a`;

// A background visitor's conversion with the same order id, a day later.
const SHARED_ORDER_SQL = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id,
    conversion_type, value, currency, order_id, is_bot, from_server)
  values ($1, gen_random_uuid(), 'conversion', (($2::date + 1) + time '12:00') at time zone '${ZONE}', now(), now(),
    '00000000-0000-4000-8000-000000000001', gen_random_uuid(), 'purchase', 20, 'USD', 'O-1', false, false)`;

const PLAYS_SQL = `insert into plays (project_id, play_id, first_at, visitor_id, session_id, video_id, slot_id, is_bot)
  select distinct on (project_id, play_id) project_id, play_id, occurred_at, visitor_id, session_id, video_id, slot_id, is_bot
  from events where type = 'video_play' order by project_id, play_id, occurred_at, event_id`;

const MILESTONES_SQL = `insert into play_milestones (project_id, play_id, percent, first_at, visitor_id, video_id, slot_id, is_bot)
  select distinct on (project_id, play_id, percent) project_id, play_id, percent, occurred_at, visitor_id, video_id, slot_id, is_bot
  from events where type = 'video_progress' order by project_id, play_id, percent, occurred_at, event_id`;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const project = await recreateDatabase(args.db);
  const projectId = project.projectId;
  const config = loadConfig({ DATABASE_URL: databaseUrl(args.db), LOG_LEVEL: 'silent' });
  const pool = new pg.Pool({ connectionString: databaseUrl(args.db), max: 3 });
  await pool.query(`update projects set timezone = $2 where id = $1`, [projectId, ZONE]);
  const today = localDay(Date.now(), ZONE);
  const firstDay = addDays(today, -args.days);
  const perDay = Math.round(args.visitorEvents / args.days);
  log(`erasure bench: ${args.events} background events and ${perDay * args.days} of one visitor over ${args.days} days, database ${args.db}`);

  await timed('generate events', async () => {
    await pool.query(`select setseed(0.42)`);
    await pool.query(BACKGROUND_SQL, [projectId, firstDay, args.days, Math.round(args.events / 5)]);
    await pool.query(VISITOR_SQL, [projectId, firstDay, args.days, perDay, X]);
    await pool.query(SHARED_ORDER_SQL, [projectId, firstDay]);
  });
  await timed('facts (event_ids, plays, milestones, sessions, visitor_firsts)', async () => {
    await pool.query(`insert into event_ids (project_id, event_id) select project_id, event_id from events`);
    await pool.query(PLAYS_SQL);
    await pool.query(MILESTONES_SQL);
    await pool.query(REBUILD_PROJECT_SESSIONS_SQL, [[projectId]]);
    await pool.query(REBUILD_PROJECT_VISITOR_FIRSTS_SQL, [[projectId]]);
    await pool.query('analyze');
  });
  const days = Array.from({ length: args.days }, (_, i) => addDays(firstDay, i));
  await timed(`roll up ${days.length} days`, async () => {
    for (const day of days) await rollupDay(pool, projectId, day, { mergeMonth: false, ruleLimits: config.rules, caps: config.rollup.caps });
    for (const month of new Set(days.map((d) => `${d.slice(0, 7)}-01`))) await mergeMonthSets(pool, projectId, month);
  });
  const counts = (await pool.query<{ events: string; x: string }>(`select count(*) as events, count(*) filter (where visitor_id = $1) as x from events`, [X])).rows[0];
  log(`  stored: ${counts?.events} events, ${counts?.x} of the erased visitor`);

  await pool.query(`insert into erased_visitors (project_id, visitor_hash) values ($1, $2)`, [projectId, visitorHash(projectId, X)]);
  const jobId = await createJob(pool, projectId, 'erase_visitor');
  const phases: { phase: string; at: number }[] = [];
  const started = performance.now();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const phase = (await pool.query<{ phase: string | null }>(`select progress ->> 'phase' as phase from lifecycle_jobs where id = $1`, [jobId])).rows[0]?.phase ?? 'plan';
      if (phases.at(-1)?.phase !== phase) phases.push({ phase, at: performance.now() });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const jobPool = new pg.Pool({ connectionString: databaseUrl(args.db), max: 2 });
  await eraseVisitor(jobPool, { jobId, projectId, visitorId: X }, { ruleLimits: config.rules, caps: config.rollup.caps }, createLogger({ logLevel: 'silent' }, 'bench'));
  const totalMs = performance.now() - started;
  polling = false;
  await poller;
  const progress = (await pool.query<{ progress: unknown }>(`select progress from lifecycle_jobs where id = $1`, [jobId])).rows[0]?.progress;
  const left = (await pool.query<{ n: string }>(`select count(*) as n from events where visitor_id = $1`, [X])).rows[0]?.n;

  log('');
  log(`| phase | seconds |`);
  log(`| --- | --- |`);
  const marks = [{ phase: 'plan', at: started }, ...phases.filter((p) => p.phase !== 'plan')];
  for (const [i, mark] of marks.entries()) {
    if (mark.phase === 'done') continue;
    const end = marks[i + 1]?.at ?? started + totalMs;
    log(`| ${mark.phase === 'rollup' ? 're-roll days' : mark.phase} | ${((end - mark.at) / 1000).toFixed(2)} |`);
  }
  log(`| total | ${(totalMs / 1000).toFixed(2)} |`);
  log('');
  log(`progress: ${JSON.stringify(progress)}; events of the visitor left: ${left}`);
  const [l1, l5] = os.loadavg();
  log(`machine: ${os.cpus().length} cores, load average ${l1?.toFixed(2)} / ${l5?.toFixed(2)} (1 / 5 min) after the run`);
  await jobPool.end();
  await pool.end();
}

await main();
