/**
 * What a saved funnel costs on request: sessions spread over 90 days (3 to 5 events each: product
 * pages, the contact page, a contact form submit, in shuffled order), stored with plain SQL, then
 * the funnel statement over 90 and over 7 days, ordered, unordered and split by device.
 *
 *   node --import tsx bench/funnels.ts [--sessions 100000] [--db cuepoint_bench_funnels] [--explain 1]
 *
 * With --explain 1, prints each case's plan instead of timing it.
 * Prints, per case, the warm p50 and p95 of 10 runs after one discarded run.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { StatsQueries } from '../api/stats/queries.js';
import { funnelReport } from '../api/stats/reports/funnels.js';
import type { FunnelStep, StoredFunnel } from '../shared/funnels/definition.js';
import { funnelReportSql, type FunnelBy, type FunnelReportParams } from '../shared/funnels/reportSql.js';
import { stepRows } from '../shared/funnels/stepRows.js';
import { databaseUrl, dropDatabase, recreateDatabase } from './lib/database.js';

const ZONE = 'Europe/Paris';
const RUNS = 10;

function parseArgs(argv: string[]): { sessions: number; db: string; explain: boolean } {
  const args = { sessions: 100_000, db: 'cuepoint_bench_funnels', explain: false };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${String(flag)} needs a value`);
    if (flag === '--sessions') args.sessions = Number(value);
    else if (flag === '--db') args.db = value;
    else if (flag === '--explain') args.explain = value === '1';
    else throw new Error(`unknown argument: ${String(flag)}`);
  }
  return args;
}

/** $1 project, $2 sessions: each session starts at a random instant of the last 90 days. */
const SEED_SESSIONS_SQL = `insert into sessions (project_id, session_id, visitor_id, started_at, ended_at, events, pageviews, interacted, is_bot,
    entry_rank, entry_at, entry_event, device, country, referrer_source)
  select $1, gen_random_uuid(), gen_random_uuid(), t, t + interval '5 minutes', 4, 3, true, false, 0, t, gen_random_uuid(),
    (array['desktop', 'mobile', 'tablet'])[1 + g % 3], (array['DE', 'FR', 'US', 'GB'])[1 + g % 4], (array['direct', 'search', 'social'])[1 + g % 3]
  from generate_series(1, $2::int) g, lateral (select now() - random() * interval '89 days' + g * interval '0' as t) s`;

/** Per session, 3 to 5 of: two product pages, the contact page, a submit, the home page; in random order a minute apart. */
const SEED_EVENTS_SQL = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, url, page_key, props, is_bot)
  select s.project_id, gen_random_uuid(), k.type, at, at, at, s.visitor_id, s.session_id, k.url, k.url,
    case when k.type = 'form_submit' then '{"formId": "contact"}'::jsonb end, false
  from sessions s
  cross join lateral (
    select v.type, v.url, s.started_at + (row_number() over (order by random())) * interval '1 minute' as at
    from (values ('page_view', 'https://shop.example/products/' || (abs(hashtext(s.session_id::text)) % 500)),
                 ('page_view', 'https://shop.example/contact'),
                 ('form_submit', 'https://shop.example/contact'),
                 ('page_view', 'https://shop.example/'),
                 ('page_view', 'https://shop.example/products/7')) v(type, url)
    where random() < 0.8) k
  where s.project_id = $1`;

const STEPS: FunnelStep[] = [
  { kind: 'page', match: 'pattern', pattern: 'https://shop.example/products/*' },
  { kind: 'page', match: 'exact', pattern: 'https://shop.example/contact' },
  { kind: 'event', type: 'form_submit', formId: 'contact' },
];

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const project = await recreateDatabase(args.db);
  const pool = new pg.Pool({ connectionString: databaseUrl(args.db), max: 2 });
  const queries = new StatsQueries(pool);
  try {
    await pool.query(`update projects set timezone = $2 where id = $1`, [project.projectId, ZONE]);
    await pool.query(SEED_SESSIONS_SQL, [project.projectId, args.sessions]);
    const seeded = await pool.query<{ n: string }>(`with i as (${SEED_EVENTS_SQL} returning 1) select count(*)::text as n from i`, [project.projectId]);
    await pool.query('analyze events; analyze sessions');
    const today = new Date().toISOString().slice(0, 10);
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const cases: { name: string; mode: 'ordered' | 'unordered'; from: string; by?: FunnelBy }[] = [
      { name: '90 days ordered', mode: 'ordered', from: daysAgo(89) },
      { name: '90 days unordered', mode: 'unordered', from: daysAgo(89) },
      { name: '90 days ordered by device', mode: 'ordered', from: daysAgo(89), by: 'device' },
      { name: '7 days ordered', mode: 'ordered', from: daysAgo(6) },
    ];
    const results: Record<string, { p50: number; p95: number }> = {};
    for (const c of cases) {
      const funnel: StoredFunnel = { id: 'bench', name: c.name, steps: STEPS, unit: 'session', windowDays: 30, mode: c.mode, createdAt: new Date(), updatedAt: new Date() };
      const params = { from: c.from, to: today, includeBots: false, by: c.by };
      if (args.explain) {
        const sqlParams: FunnelReportParams = [project.projectId, c.from, today, ZONE, false, JSON.stringify(stepRows(STEPS)), null];
        // In the snapshot the answer is read in, so the plan is the one it gets.
        const plan = await queries.snapshot((client) => client.query<{ 'QUERY PLAN': string }>(`explain analyze ${funnelReportSql('session', STEPS.length, c.mode, c.by)}`, sqlParams));
        console.log(`${c.name}:\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
        continue;
      }
      const times: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const started = performance.now();
        await funnelReport(queries, { id: project.projectId, timezone: ZONE }, funnel, params);
        if (i > 0) times.push(performance.now() - started);
      }
      results[c.name] = { p50: Math.round(percentile(times, 0.5)), p95: Math.round(percentile(times, 0.95)) };
    }
    console.log(JSON.stringify({ sessions: args.sessions, events: Number(seeded.rows[0]?.n), warmMs: results }, null, 1));
  } finally {
    await pool.end();
    await dropDatabase(args.db);
  }
}

await main();
