/**
 * Rollup and stats benchmark on data shaped like a busy shop: 10 M events over 90 days, 1 M
 * distinct visitors (30 % returning), 1.5 M sessions, 20 videos x 3 slots, 2,000 page URLs,
 * and one day holding 1 M events (a campaign day, the rollup's worst case).
 *
 *   node --import tsx bench/rollupStats.ts [--events 10000000] [--days 90] [--db cuepoint_bench]
 *                                          [--rollup-budget 900] [--fresh]
 *
 * Steps: (1) a migrated database and an Asia/Tokyo project with 20 videos x 3 slots (reused when
 * bench_meta says it already holds the requested size); (2) data generated in PostgreSQL with
 * set-based SQL; (3) rollupDay of the big day (cold, warm) and of every day; (4) the stats API
 * in-process (cold, cache miss, warm, 304); (5) one markdown table, also written to
 * bench/RESULTS-stats.md.
 *
 * How the data is generated (all in one session, setseed(0.42), parallel query off so random()
 * is one deterministic stream; synchronous_commit off; event indexes dropped during the bulk
 * insert and rebuilt after, exactly as the migration defines them):
 * - sessions s = 1..0.15 N. Visitor of s: s itself for s <= 0.1 N (so every visitor appears),
 *   else one of the first 30 % of visitors, round robin: those are the returning visitors.
 * - day of a session: every 10th session lies on the big day (day index floor(2/3 days)),
 *   the others uniformly on the remaining days, at a uniform start time in the local
 *   (Asia/Tokyo) day; its events follow at ~30-50 s intervals, so a session stays in one day.
 * - per session: 2 % bots, landing page p = floor(1990 * r^2) (skewed; pages 1990..1999 are
 *   /checkout/thanks-N pages), 45 % open the widget, 60 % of openers play one of the 60 slots;
 *   a player reaches m in 0..4 milestones, clicks (cta 50 %, detail 30 %, choice 20 % with
 *   toSlotId), 10 % visit a thanks page (one conversion rule matches it: pattern
 *   https://*.example/checkout/thanks*), 10 % send an explicit conversion (90 % USD, 10 % JPY,
 *   half with an orderId), some resume (a second video_play of the same playId); remaining
 *   positions are video_time (5-15 media seconds).
 * - raw lengths (non-players 3-5 events, players 2m+6..2m+11) are rescaled by cumulative sums
 *   so the total is exactly N, sessions ordered by (day, start) so events are stored in time
 *   order as the writer would store them.
 * - acquisition per session (ACQUISITION_SQL): the first page view carries the referrer (40 %
 *   direct; google, bing, facebook, instagram, t.co; 200 blogs) and 30 % a campaign; every event
 *   the session's country, language, device, browser and OS; later page views are internal.
 * - sessions / visitor_firsts are rebuilt from the events by the same SQL the backfill migration
 *   uses (shared/sessions/rebuildSql.ts).
 * - plays / play_milestones are then derived from the stored events exactly as the writer's
 *   fact upsert keeps them (earliest video_play per playId; earliest progress per (playId, N);
 *   event id breaks ties), event_ids holds every event id, and every day gets a dirty mark.
 */
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig, type Config } from '../shared/config.js';
import { migrate } from '../shared/db/migrate.js';
import { createPool } from '../shared/db/pool.js';
import { initOrm } from '../shared/db/orm.js';
import { createProject } from '../shared/projects/createProject.js';
import { createLogger } from '../shared/logger.js';
import { mergeMonthSets, rollupDay } from '../worker/rollup/rollupDay.js';
import { addDays } from '../shared/days.js';
import { startWeb, type WebServer } from '../api/server.js';
import { REBUILD_SESSIONS_SQL, REBUILD_VISITOR_FIRSTS_SQL } from '../shared/sessions/rebuildSql.js';

interface Args {
  events: number;
  days: number;
  db: string;
  rollupBudgetS: number;
  fresh: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 10_000_000, days: 90, db: 'cuepoint_bench', rollupBudgetS: 900, fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${String(a)} needs a value`);
      return v;
    };
    if (a === '--events') args.events = Number(next());
    else if (a === '--days') args.days = Number(next());
    else if (a === '--db') args.db = next();
    else if (a === '--rollup-budget') args.rollupBudgetS = Number(next());
    else if (a === '--fresh') args.fresh = true;
    else throw new Error(`unknown argument: ${String(a)}`);
  }
  if (!Number.isInteger(args.events) || args.events < 1000) throw new Error('--events must be an integer >= 1000');
  if (!Number.isInteger(args.days) || args.days < 2 || args.days > 365) throw new Error('--days must be 2..365');
  if (!/^[a-z_][a-z0-9_]*$/.test(args.db)) throw new Error('--db must be a plain identifier');
  return args;
}

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = 'cpbench';
const TZ = 'Asia/Tokyo';
const SEED = 0.42;

/**
 * Where a session came from and on what, per session from four random draws: 40 % direct,
 * search (google, bing), social (facebook, instagram, x via t.co) and 18 % referral from
 * 200 blogs; 30 % carry a campaign (3 sources x 5 campaigns); five countries; four devices.
 */
const ACQUISITION_SQL = `
  case when r_src < 0.40 then null when r_src < 0.55 then 'https://www.google.com/' when r_src < 0.62 then 'https://www.bing.com/'
       when r_src < 0.72 then 'https://l.facebook.com/' when r_src < 0.78 then 'https://l.instagram.com/' when r_src < 0.82 then 'https://t.co/'
       else 'https://blog' || (s % 200) || '.example/post' end as referrer,
  case when r_src < 0.40 then null when r_src < 0.55 then 'www.google.com' when r_src < 0.62 then 'www.bing.com'
       when r_src < 0.72 then 'l.facebook.com' when r_src < 0.78 then 'l.instagram.com' when r_src < 0.82 then 't.co'
       else 'blog' || (s % 200) || '.example' end as referrer_host,
  case when r_src < 0.40 then 'direct' when r_src < 0.62 then 'search' when r_src < 0.82 then 'social' else 'external' end as referrer_class,
  case when r_src < 0.40 then 'direct' when r_src < 0.62 then 'search' when r_src < 0.82 then 'social' else 'referral' end as referrer_source,
  case when r_src < 0.40 then null when r_src < 0.55 then 'google' when r_src < 0.62 then 'bing' when r_src < 0.72 then 'facebook'
       when r_src < 0.78 then 'instagram' when r_src < 0.82 then 'x' end as referrer_platform,
  case when r_utm < 0.1 then 'newsletter' when r_utm < 0.2 then 'instagram' when r_utm < 0.3 then 'google' end as utm_source,
  case when r_utm < 0.1 then 'email' when r_utm < 0.2 then 'social' when r_utm < 0.3 then 'cpc' end as utm_medium,
  case when r_utm < 0.3 then 'spring-' || (s % 5) end as utm_campaign,
  case when r_geo < 0.6 then 'JP' when r_geo < 0.75 then 'US' when r_geo < 0.85 then 'KR' when r_geo < 0.92 then 'TW' else 'DE' end as country,
  case when r_geo < 0.6 then 'ja' when r_geo < 0.85 and r_geo >= 0.75 then 'ko' when r_geo < 0.92 and r_geo >= 0.85 then 'zh' else 'en' end as language,
  case when r_dev < 0.55 then 'desktop' when r_dev < 0.95 then 'mobile' else 'tablet' end as device,
  case when r_dev < 0.55 then 'desktop' when r_dev < 0.95 then 'mobile' else 'tablet' end as screen_class,
  case when r_dev < 0.55 then 'Windows' when r_dev < 0.85 then 'iOS' when r_dev < 0.95 then 'Android' else 'iOS' end as os,
  case when r_dev < 0.55 then 'Chrome' when r_dev < 0.85 then 'Mobile Safari' when r_dev < 0.95 then 'Chrome' else 'Safari' end as browser`;

interface Meta {
  events: number;
  days: number;
  start_day: string;
  big_day: string;
  project_id: string;
  read_key: string;
}

type Row = [string, string];
const rows: Row[] = [];
const out = (line: string) => process.stdout.write(`${line}\n`);
const sec = (ms: number) => (ms / 1000).toFixed(2);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  out(`  ${label}: ${sec(ms)} s`);
  rows.push([`generate: ${label}`, `${sec(ms)} s`]);
  return result;
}

async function readMeta(url: string): Promise<Meta | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`select to_regclass('bench_meta') is not null as ok`);
    if (!(exists.rows[0] as { ok: boolean }).ok) return undefined;
    const { rows: meta } = await client.query<Meta>(
      `select events::int as events, days, start_day::text as start_day, big_day::text as big_day, project_id::text as project_id, read_key
         from bench_meta where complete`,
    );
    return meta[0];
  } finally {
    await client.end();
  }
}

/** Steps 1 and 2: the database, the project and its catalog, then the data. */
async function prepare(args: Args, config: Config): Promise<Meta> {
  const url = config.database.url ?? '';
  const exists = (await adminQuery(`select 1 from pg_database where datname = $1`, [args.db])).rowCount === 1;
  if (exists && !args.fresh) {
    const meta = await readMeta(url);
    if (meta && meta.events === args.events && meta.days === args.days) {
      out(`database ${args.db} already holds ${meta.events} events over ${meta.days} days; generation skipped`);
      rows.push(['generate', 'skipped (reused existing database)']);
      return meta;
    }
  }
  if (exists) await adminQuery(`drop database ${args.db} with (force)`);
  await adminQuery(`create database ${args.db}`);
  out(`generating ${args.events} events over ${args.days} days into ${args.db}`);

  await timed('migrate', () => migrate(config));
  const orm = await initOrm(config);
  let created;
  try {
    created = await createProject(orm.em.fork(), { name: 'bench', timezone: TZ });
  } finally {
    await orm.close();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
    await q(`set synchronous_commit = off`);
    await q(`set max_parallel_workers_per_gather = 0`);
    await q(`set work_mem = '256MB'`);
    await q(`set maintenance_work_mem = '1GB'`);
    await q(`select setseed(${SEED})`);
    const pid = created.projectId;
    const startDay = ((await q(`select ((now() at time zone '${TZ}')::date - $1::int)::text as d`, [args.days])).rows[0] as { d: string }).d;
    const bigIdx = Math.floor((args.days * 2) / 3);
    const bigDay = addDays(startDay, bigIdx);
    const N = args.events;
    const S = Math.round(N * 0.15);
    const V = Math.round(N * 0.1);
    const R = Math.round(V * 0.3);

    await timed('catalog (20 videos x 3 slots, 1 conversion rule)', async () => {
      await q(
        `insert into videos (id, project_id, video_id, title, created_at, updated_at)
         select gen_random_uuid(), $1, 'video-' || lpad(v::text, 2, '0'), 'Video ' || v, now(), now() from generate_series(1, 20) v`,
        [pid],
      );
      await q(
        `insert into slots (id, project_id, slot_id, video_id, cta_label, cta_url, links, created_at, updated_at)
         select gen_random_uuid(), $1, 'slot-' || lpad((k / 3 + 1)::text, 2, '0') || chr(97 + k % 3), 'video-' || lpad((k / 3 + 1)::text, 2, '0'),
           'Buy', 'https://shop.example/buy', jsonb_build_array('slot-' || lpad(((k + 1) % 60 / 3 + 1)::text, 2, '0') || chr(97 + (k + 1) % 3)),
           now(), now()
         from generate_series(0, 59) k`,
        [pid],
      );
      await q(
        `insert into conversion_rules (id, project_id, name, kind, pattern, created_at, updated_at)
         values (gen_random_uuid(), $1, 'thanks', 'pattern', 'https://*.example/checkout/thanks*', now(), now())`,
        [pid],
      );
    });

    await timed(`sessions (${S} sessions, ${V} visitors, ${R} returning)`, async () => {
      await q(`create unlogged table bench_raw as
        select s, random() as r_day, random() as r_t0, random() as r_bot, random() as r_page, random() as r_open,
               random() as r_play, random() as r_slot, random() as r_ms, random() as r_conv, random() as r_thanks,
               random() as r_len, random() as r_click, random() as r_order, random() as r_cur,
               random() as r_src, random() as r_utm, random() as r_geo, random() as r_dev
          from generate_series(1, ${S}) s`);
      await q(`create unlogged table bench_s1 as
        select s,
          case when s <= ${V} then s else ((s - ${V} - 1) % ${R}) + 1 end as v,
          case when s % 10 = 0 then ${bigIdx}
               else (floor(r_day * ${args.days - 1})::int + case when floor(r_day * ${args.days - 1})::int >= ${bigIdx} then 1 else 0 end) end as day_idx,
          floor(r_t0 * 82800)::int as t0,
          r_bot < 0.02 as bot,
          floor(1990 * r_page * r_page)::int as page,
          r_open < 0.45 as opens,
          r_open < 0.45 and r_play < 0.6 as plays,
          floor(r_slot * 60)::int as slot,
          floor(r_ms * 5)::int as ms,
          r_conv < 0.1 as conv,
          r_thanks < 0.1 as thanks,
          r_len, r_click, r_order, r_cur,
          ${ACQUISITION_SQL}
        from bench_raw`);
      await q(`create unlogged table bench_sess as
        with k as (
          select *, case when plays then 2 * ms + 6 + floor(r_len * 6)::int else 3 + floor(r_len * 3)::int end as raw_k
          from bench_s1
        ),
        c as (
          select *, sum(raw_k) over (order by day_idx, t0, s) as cum, sum(raw_k) over () as total from k
        )
        select *, ((cum - raw_k) * ${N}::bigint / total) as first_n, (cum * ${N}::bigint / total) - ((cum - raw_k) * ${N}::bigint / total) as k
        from c`);
      await q(`drop table bench_raw, bench_s1`);
    });

    await timed('drop event indexes for the bulk load', () =>
      q(`drop index events_project_time_idx, events_visitor_idx, events_order_idx`),
    );

    await timed(`events (${N} rows, INSERT ... SELECT in time order)`, () =>
      q(
        `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, play_id,
           video_id, slot_id, to_slot_id, percent, seconds, target, url, page_key, url_host, url_path,
           conversion_type, value, currency, order_id, browser, browser_version, os, device, country, is_bot,
           referrer, referrer_host, referrer_class, referrer_source, referrer_platform,
           utm_source, utm_medium, utm_campaign, language, screen_class)
         select $1::uuid, md5('e' || (s.first_n + g.i))::uuid, x.type, x.at, x.at, x.at + interval '1 second',
           md5('v' || s.v)::uuid, md5('s' || s.s)::uuid,
           case when x.type in ('video_play', 'video_progress', 'video_time', 'click') then md5('p' || s.s)::uuid end,
           case when x.type in ('video_play', 'video_progress', 'video_time', 'click') then 'video-' || lpad((s.slot / 3 + 1)::text, 2, '0') end,
           case when x.type in ('video_play', 'video_progress', 'video_time', 'click') then 'slot-' || lpad((s.slot / 3 + 1)::text, 2, '0') || chr(97 + s.slot % 3) end,
           case when x.type = 'click' and x.target = 'choice' then 'slot-' || lpad(((s.slot + 1) % 60 / 3 + 1)::text, 2, '0') || chr(97 + (s.slot + 1) % 3) end,
           x.percent, case when x.type = 'video_time' then x.seconds end, case when x.type = 'click' then x.target end,
           case when x.type in ('impression', 'widget_open', 'page_view') then x.url end,
           case when x.type in ('impression', 'widget_open', 'page_view') then x.url end,
           case when x.type in ('impression', 'widget_open', 'page_view') then x.host end,
           case when x.type in ('impression', 'widget_open', 'page_view') then x.path end,
           case when x.type = 'conversion' then 'purchase' end,
           case when x.type = 'conversion' then case when s.r_cur < 0.9 then round((10 + s.r_cur * 200)::numeric, 2) else round((1500 + s.r_cur * 30000)::numeric, 0) end end,
           case when x.type = 'conversion' then case when s.r_cur < 0.9 then 'USD' else 'JPY' end end,
           case when x.type = 'conversion' and s.r_order < 0.5 then 'ord-' || s.s end,
           case when s.bot then 'HeadlessChrome' else s.browser end, '131', s.os, s.device, s.country, s.bot,
           case when x.type = 'page_view' and g.i = 1 then s.referrer end,
           case when x.type = 'page_view' and g.i = 1 then s.referrer_host when x.type = 'page_view' then x.host end,
           case when x.type = 'page_view' and g.i = 1 then s.referrer_class when x.type = 'page_view' then 'internal' end,
           case when x.type = 'page_view' and g.i = 1 then s.referrer_source when x.type = 'page_view' then 'direct' end,
           case when x.type = 'page_view' and g.i = 1 then s.referrer_platform end,
           case when x.type = 'page_view' and g.i = 1 then s.utm_source end,
           case when x.type = 'page_view' and g.i = 1 then s.utm_medium end,
           case when x.type = 'page_view' and g.i = 1 then s.utm_campaign end,
           s.language, s.screen_class
         from (select * from bench_sess order by day_idx, t0, s) s
         cross join lateral generate_series(1, s.k::int) as g(i)
         cross join lateral (
           select t.type, t.percent, t.seconds, t.target,
             ((('${startDay}'::date + s.day_idx)::timestamp at time zone '${TZ}') + make_interval(secs => s.t0 + g.i * 30 + floor(random() * 20))) as at,
             'https://shop' || (t.page % 50) || '.example' || t.pth as url, 'shop' || (t.page % 50) || '.example' as host, t.pth as path
           from (
             select y.*, case when y.page >= 1990 then '/checkout/thanks-' || y.page else '/p/' || y.page end as pth
             from (
               select
                 case
                   when g.i = 1 then 'page_view'
                   when g.i = 2 then 'impression'
                   when not s.plays then case when g.i = 3 and s.opens then 'widget_open' when g.i % 2 = 1 then 'page_view' else 'impression' end
                   when g.i = 3 then 'widget_open'
                   when g.i = 4 then 'video_play'
                   when g.i - 4 <= 2 * s.ms then case when (g.i - 4) % 2 = 1 then 'video_time' else 'video_progress' end
                   when g.i - 4 - 2 * s.ms = 1 then 'click'
                   when g.i - 4 - 2 * s.ms = 2 and s.thanks then 'page_view'
                   when g.i - 4 - 2 * s.ms = 3 and s.conv then 'conversion'
                   when g.i - 4 - 2 * s.ms = 4 then 'video_play'
                   else 'video_time'
                 end as type,
                 case when s.plays and g.i > 4 and g.i - 4 <= 2 * s.ms and (g.i - 4) % 2 = 0 then (25 * ((g.i - 4) / 2))::int2 end as percent,
                 case when s.plays and g.i > 4 then 5 + floor(random() * 10) end as seconds,
                 case when s.r_click < 0.5 then 'cta' when s.r_click < 0.8 then 'detail' else 'choice' end as target,
                 case
                   when s.plays and g.i - 4 - 2 * s.ms = 2 and s.thanks then 1990 + s.s % 10
                   when not s.plays and g.i > 3 and g.i % 2 = 1 then (s.page + g.i) % 1990
                   else s.page
                 end as page
             ) y
           ) t
         ) x`,
        [pid],
      ),
    );

    await timed('event_ids (sorted insert)', () =>
      q(`insert into event_ids (project_id, event_id) select project_id, event_id from events order by event_id`),
    );
    await timed('plays (earliest video_play per playId)', () =>
      q(
        `insert into plays (project_id, play_id, first_at, visitor_id, session_id, video_id, slot_id, is_bot)
         select distinct on (project_id, play_id) project_id, play_id, occurred_at, visitor_id, session_id, video_id, slot_id, is_bot
           from events where type = 'video_play' order by project_id, play_id, occurred_at, event_id`,
      ),
    );
    await timed('play_milestones (earliest progress per playId, N)', () =>
      q(
        `insert into play_milestones (project_id, play_id, percent, first_at, visitor_id, video_id, slot_id, is_bot)
         select distinct on (project_id, play_id, percent) project_id, play_id, percent, occurred_at, visitor_id, video_id, slot_id, is_bot
           from events where type = 'video_progress' order by project_id, play_id, percent, occurred_at, event_id`,
      ),
    );
    await timed('play_watch_ranges (each video_time as the stretch after its play\'s earlier ones)', () =>
      q(
        `insert into play_watch_ranges (project_id, event_id, play_id, visitor_id, range_from, range_to, at)
         select project_id, event_id, play_id, visitor_id, pos - seconds, pos, occurred_at
           from (select *, sum(seconds) over (partition by play_id order by occurred_at, event_id) as pos
                   from events where type = 'video_time' and play_id is not null) t`,
      ),
    );
    await timed('sessions (as the writer keeps them, by the shared rebuild SQL)', () => q(REBUILD_SESSIONS_SQL));
    await timed('visitor_firsts (the same way)', () => q(REBUILD_VISITOR_FIRSTS_SQL));
    await timed('rebuild event indexes (as the migration defines them)', async () => {
      await q(`create index events_project_time_idx on events (project_id, occurred_at)`);
      await q(`create index events_visitor_idx on events (project_id, visitor_id, occurred_at)`);
      await q(`create index events_order_idx on events (project_id, order_id) where order_id is not null`);
    });
    await timed('dirty marks for every day', () =>
      q(
        `insert into dirty_days (project_id, day, seq)
         select $1, $2::date + d, nextval('dirty_seq') from generate_series(0, $3::int - 1) d`,
        [pid, startDay, args.days],
      ),
    );
    await q(`drop table bench_sess`);
    await timed('vacuum analyze', () => q(`vacuum (analyze) events, event_ids, plays, play_milestones, play_watch_ranges, sessions, visitor_firsts`));

    await q(`create table bench_meta (events bigint, days int, start_day date, big_day date, project_id uuid, read_key text,
      seed float8, complete boolean, generated_at timestamptz default now())`);
    await q(`insert into bench_meta values ($1, $2, $3, $4, $5, $6, $7, true)`, [N, args.days, startDay, bigDay, pid, created.readKey, SEED]);
    return { events: N, days: args.days, start_day: startDay, big_day: bigDay, project_id: pid, read_key: created.readKey };
  } finally {
    await client.end();
  }
}

async function describeData(url: string, meta: Meta): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: r } = await client.query<{ k: string; v: string }>(
      `select 'events' as k, count(*)::text as v from events
       union all select 'events on big day ' || $1, count(*)::text from events
         where occurred_at >= ($1::date::timestamp at time zone '${TZ}') and occurred_at < (($1::date + 1)::timestamp at time zone '${TZ}')
       union all select 'distinct visitors', count(distinct visitor_id)::text from events
       union all select 'distinct sessions', count(distinct session_id)::text from events
       union all select 'page URLs', count(distinct page_key)::text from events
       union all select 'sessions rows', count(*)::text from sessions
       union all select 'plays', count(*)::text from plays
       union all select 'play_milestones', count(*)::text from play_milestones
       union all select 'event_ids', count(*)::text from event_ids
       union all select 'type ' || type, count(*)::text from events group by type`,
      [meta.big_day],
    );
    const visitorsPerDay = await client.query<{ returning: string }>(
      `select count(*)::text as returning from (select visitor_id from events group by visitor_id
         having count(distinct (occurred_at at time zone '${TZ}')::date) > 1) x`,
    );
    const returning = visitorsPerDay.rows[0]?.returning ?? '?';
    out('data shape:');
    for (const row of r) {
      out(`  ${row.k}: ${row.v}`);
      rows.push([`data: ${row.k}`, row.v]);
    }
    out(`  visitors seen on more than one day: ${returning}`);
    rows.push(['data: visitors seen on more than one day', returning]);
  } finally {
    await client.end();
  }
}

/** Step 3. */
async function benchRollups(config: Config, meta: Meta, budgetS: number): Promise<void> {
  // The production pool (createPool), so the benchmark measures the settings the worker runs with.
  const pool = createPool(config, 2);
  try {
    // The month merge is timed on its own below, once every day of the month has its sets.
    for (const run of ['cold (first run after generation)', 'warm (second run)']) {
      const t0 = performance.now();
      await rollupDay(pool, meta.project_id, meta.big_day, { mergeMonth: false });
      const ms = performance.now() - t0;
      out(`rollupDay ${meta.big_day} (big day) ${run}: ${sec(ms)} s`);
      rows.push([`rollupDay big day (${meta.big_day}), ${run}`, `${sec(ms)} s`]);
    }
    const t0 = performance.now();
    let done = 0;
    let bigMs = 0;
    for (let d = 0; d < meta.days; d++) {
      const day = addDays(meta.start_day, d);
      const t = performance.now();
      await rollupDay(pool, meta.project_id, day, { mergeMonth: false });
      const ms = performance.now() - t;
      if (day === meta.big_day) bigMs = ms;
      done += 1;
      if ((performance.now() - t0) / 1000 > budgetS && done < meta.days) {
        out(`rollup budget of ${budgetS} s reached after ${done} days; stopping`);
        break;
      }
    }
    const total = performance.now() - t0;
    out(`rollupDay all ${done} days: ${sec(total)} s total, ${sec(total / done)} s per day; ` +
      `without the big day ${sec((total - bigMs) / (done - (bigMs > 0 ? 1 : 0)))} s per day`);
    rows.push([`rollupDay all ${done} days, sequential, total`, `${sec(total)} s`]);
    rows.push(['rollupDay per-day mean (all days)', `${sec(total / done)} s`]);
    rows.push(['rollupDay per-day mean (excluding the big day)', `${sec((total - bigMs) / (done - (bigMs > 0 ? 1 : 0)))} s`]);
    const bigMonth = `${meta.big_day.slice(0, 7)}-01`;
    const m0 = performance.now();
    await mergeMonthSets(pool, meta.project_id, bigMonth);
    const mergeMs = performance.now() - m0;
    out(`mergeMonthSets ${bigMonth}: ${sec(mergeMs)} s`);
    rows.push([`month merge of the big day's month (${bigMonth}), after all its days`, `${sec(mergeMs)} s`]);
    for (let d = 0; d < meta.days; d++) {
      const day = addDays(meta.start_day, d);
      if (day.endsWith('-01') && day !== bigMonth) {
        await mergeMonthSets(pool, meta.project_id, day);
      }
    }
    const { rows: sizes } = await pool.query<{ t: string; n: string }>(
      `select 'daily_sets' as t, count(*)::text || ' rows, ' || pg_size_pretty(pg_total_relation_size('daily_sets')) as n from daily_sets
       union all select 'monthly_sets', count(*)::text || ' rows, ' || pg_size_pretty(pg_total_relation_size('monthly_sets')) from monthly_sets
       union all select 'member_numbers', count(*)::text || ' rows, ' || pg_size_pretty(pg_total_relation_size('member_numbers')) from member_numbers
       union all select 'daily_slot', count(*)::text from daily_slot
       union all select 'daily_page', count(*)::text from daily_page
       union all select 'rollup_days', count(*)::text from rollup_days`,
    );
    for (const s of sizes) rows.push([`rollup rows: ${s.t}`, s.n]);
  } finally {
    await pool.end();
  }
}

interface Sample {
  ms: number;
  status: number;
  etag: string | null;
  bytes: number;
}

async function request(server: WebServer, path: string, readKey: string, etag?: string): Promise<Sample> {
  const headers: Record<string, string> = { authorization: `Bearer ${readKey}` };
  if (etag !== undefined) headers['if-none-match'] = etag;
  const t0 = performance.now();
  const res = await fetch(`${server.url}${path}`, { headers });
  const body = await res.text();
  const ms = performance.now() - t0;
  return { ms, status: res.status, etag: res.headers.get('etag'), bytes: body.length };
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function summary(label: string, samples: number[]): void {
  const s = [...samples].sort((a, b) => a - b);
  const text = `p50 ${quantile(s, 0.5).toFixed(1)} / p95 ${quantile(s, 0.95).toFixed(1)} / max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms (n=${s.length})`;
  out(`${label}: ${text}`);
  rows.push([label, text]);
}

function expectStatus(sample: Sample, status: number, what: string): void {
  if (sample.status !== status) throw new Error(`${what}: expected ${status}, got ${sample.status}`);
}

/** Step 4. */
async function benchStats(config: Config, meta: Meta): Promise<void> {
  const log = createLogger({ logLevel: 'silent' }, 'bench');
  const webConfig: Config = { ...config, port: 0 };
  const from = meta.start_day;
  const to = addDays(meta.start_day, meta.days - 1);
  const path = (endpoint: string, end = to, bots = false) =>
    `/v1/stats/${endpoint}${endpoint.includes('?') ? '&' : '?'}from=${from}&to=${end}&includeBots=${String(bots)}`;
  const COLD = 5;

  for (const endpoint of ['overview', 'videos', 'site', 'site/pages', 'videos?by=source', 'goals', 'transitions', 'clicks', 'custom-events', 'uplift', 'video-funnel', 'audience-retention?videoId=video-01']) {
    // Cold: a fresh server per sample (new pool, so new PostgreSQL backends with empty plan and
    // catalog caches, as after DISCARD ALL; empty ResponseCache). PostgreSQL shared buffers and
    // the OS page cache stay warm: nothing here evicts them.
    const cold: number[] = [];
    let bytes = 0;
    for (let i = 0; i < COLD; i++) {
      const server = await startWeb(webConfig, log);
      try {
        const s = await request(server, path(endpoint), meta.read_key);
        expectStatus(s, 200, `cold ${endpoint}`);
        cold.push(s.ms);
        bytes = s.bytes;
      } finally {
        await server.close();
      }
    }
    summary(`GET ${endpoint} 90 d, cold exact (fresh server + connections, empty response cache)`, cold);

    const server = await startWeb(webConfig, log);
    try {
      // Miss: warm connections, but a parameter that changes the ETag (range end, includeBots).
      const miss: number[] = [];
      await request(server, path(endpoint, addDays(to, -10)), meta.read_key); // warm the connections
      for (let i = 0; i < 3; i++) {
        for (const bots of [false, true]) {
          const s = await request(server, path(endpoint, addDays(to, -i), bots), meta.read_key);
          expectStatus(s, 200, `miss ${endpoint}`);
          miss.push(s.ms);
        }
      }
      summary(`GET ${endpoint} ~90 d, exact cache miss (warm connections, new ETag: to-0..2 x includeBots)`, miss);

      const first = await request(server, path(endpoint), meta.read_key);
      const etag = first.etag ?? '';
      const warm: number[] = [];
      for (let i = 0; i < 200; i++) {
        const s = await request(server, path(endpoint), meta.read_key);
        expectStatus(s, 200, `warm ${endpoint}`);
        warm.push(s.ms);
      }
      summary(`GET ${endpoint} 90 d, warm without ETag (response cache)`, warm);
      const notModified: number[] = [];
      for (let i = 0; i < 200; i++) {
        const s = await request(server, path(endpoint), meta.read_key, etag);
        expectStatus(s, 304, `304 ${endpoint}`);
        notModified.push(s.ms);
      }
      summary(`GET ${endpoint} 90 d, 304 with If-None-Match`, notModified);
      rows.push([`GET ${endpoint} body size`, `${bytes} chars`]);
      if (endpoint === 'overview') {
        const res = await fetch(`${server.url}${path(endpoint)}`, { headers: { authorization: `Bearer ${meta.read_key}` } });
        const body = (await res.json()) as { totals?: Record<string, unknown> };
        const t = body.totals ?? {};
        const pick = ['visitors', 'sessions', 'viewers', 'impressions', 'opens', 'plays', 'conversions'];
        const text = pick.map((k) => `${k} ${String(t[k])}`).join(', ');
        out(`overview totals (non-bot): ${text}`);
        rows.push(['overview totals 90 d (non-bot)', text]);
      }
    } finally {
      await server.close();
    }
  }
}

async function deleteRedisPrefix(): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function machine(): Promise<string> {
  const v = (await adminQuery(`show server_version`)).rows[0] as { server_version: string };
  const sb = (await adminQuery(`show shared_buffers`)).rows[0] as { shared_buffers: string };
  const wm = (await adminQuery(`show work_mem`)).rows[0] as { work_mem: string };
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `PostgreSQL ${v.server_version} (shared_buffers ${sb.shared_buffers}, work_mem ${wm.work_mem}), Node ${process.version}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const url = withDatabase(ADMIN_URL, args.db);
  const config = loadConfig({
    DATABASE_URL: url,
    REDIS_URL,
    QUEUE_PREFIX: REDIS_PREFIX,
    LOG_LEVEL: 'silent',
    PORT: '0',
  });
  const started = performance.now();
  const meta = await prepare(args, config);
  await describeData(url, meta);
  await benchRollups(config, meta, args.rollupBudgetS);
  try {
    await benchStats(config, meta);
  } finally {
    await deleteRedisPrefix();
  }
  const host = await machine();
  const command = `node --import tsx bench/rollupStats.ts --events ${args.events} --days ${args.days}`;
  const table = [
    `# Rollup and stats benchmark`,
    '',
    `Machine: ${host}.`,
    `Command: \`${command}\` (database ${args.db}, project zone ${TZ}, range ${meta.start_day}..${addDays(meta.start_day, meta.days - 1)}, big day ${meta.big_day}).`,
    `Run at ${new Date().toISOString()}, ${sec(performance.now() - started)} s in all.`,
    '',
    'Data: generated in PostgreSQL with set-based SQL (setseed, one random() stream); see the header of bench/rollupStats.ts.',
    '"Cold" stats = a freshly started web process (new PostgreSQL backends: empty plan/catalog caches, as after DISCARD ALL;',
    'empty response cache); PostgreSQL shared buffers and the OS page cache were warm (not dropped). Latencies are',
    'sequential requests over keep-alive HTTP on 127.0.0.1, measured by the client (fetch).',
    '',
    '| Measure | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
  out('');
  out(table);
  writeFileSync(new URL('./RESULTS-stats.md', import.meta.url), table);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
