/**
 * What playback quality adds to a day's rollup, and what its stats answer costs over 90 days.
 * 1. One UTC day of synthetic events in a fresh test database: OTHER page views plus PLAYS plays
 *    (a request, a first frame for nine in ten, six heartbeats, a stall for one in three), the
 *    plays facts beside them; every day-table step of the rollup is run four times in a rolled-back
 *    transaction and the playback steps are reported beside the whole (median of rounds 2-4).
 * 2. 90 days of daily_playback rows (20 videos x 3 slots, humans and bots) and the range query of
 *    GET /v1/stats/playback with its figures, 50 runs after 3 to warm (an exact answer, as on a
 *    response-cache miss).
 *
 *   OTHER=400000 PLAYS=20000 node --import tsx bench/playback.ts
 */
import { playbackReport } from '../api/stats/reports/playback.js';
import type { StatsQueries } from '../api/stats/queries.js';
import { createTestEnv } from '../test/helpers/services.js';
import { createProject } from '../test/integration/rollup/helpers.js';
import { dayTableSteps, type DayProject } from '../worker/rollup/daySteps.js';
import { PROJECT_SQL } from '../worker/rollup/sql.js';

const t = await createTestEnv();
try {
  const p = await createProject(t.pool);
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const OTHER = Number(process.env.OTHER ?? 400_000);
  const PLAYS = Number(process.env.PLAYS ?? 20_000);
  const lo = `${day}T00:00:00Z`;
  // Background traffic: page views spread over the day.
  await t.pool.query(`insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, url, page_key, is_bot)
    select $1, gen_random_uuid(), 'page_view', ts, ts, ts, gen_random_uuid(), gen_random_uuid(), 'https://shop.example/p' || (i % 2000), 'https://shop.example/p' || (i % 2000), false
    from generate_series(1, $2::int) i, lateral (select $3::timestamptz + (i::float8 / $2 * 86399) * interval '1 second' as ts) x`, [p.id, OTHER, lo]);
  // Plays: a request, a first frame 50-3,000 ms later, 6 heartbeats, a stall in one play of three.
  await t.pool.query(`create temp table pl as select i, gen_random_uuid() as play_id, gen_random_uuid() as v, gen_random_uuid() as s,
      'v' || (i % 20) as video_id, 's' || (i % 3) as slot_id, $2::timestamptz + (i::float8 / $1 * 86000) * interval '1 second' as t0, 50 + (i * 37) % 2950 as startup
    from generate_series(1, $1::int) i`, [PLAYS, lo]);
  const ins = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, play_id, video_id, slot_id, seconds, startup_ms, stall_ms, fatal, is_bot)`;
  await t.pool.query(`${ins} select $1, gen_random_uuid(), 'video_request', t0, t0, t0, v, s, play_id, video_id, slot_id, null, null, null, null, false from pl`, [p.id]);
  await t.pool.query(`${ins} select $1, gen_random_uuid(), 'video_play', t0 + startup * interval '1 millisecond', t0, t0, v, s, play_id, video_id, slot_id, null, startup, null, null, false from pl where i % 10 <> 0`, [p.id]);
  await t.pool.query(`${ins} select $1, gen_random_uuid(), 'video_time', t0 + k * interval '5 second', t0, t0, v, s, play_id, video_id, slot_id, 5, null, null, null, false from pl, generate_series(1, 6) k where i % 10 <> 0`, [p.id]);
  await t.pool.query(`${ins} select $1, gen_random_uuid(), 'video_stall', t0 + interval '12 second', t0, t0, v, s, play_id, video_id, slot_id, null, null, 800, null, false from pl where i % 3 = 0`, [p.id]);
  await t.pool.query(`insert into plays (project_id, play_id, first_at, visitor_id, session_id, video_id, slot_id, is_bot)
    select $1, play_id, t0 + startup * interval '1 millisecond', v, s, video_id, slot_id, false from pl where i % 10 <> 0`, [p.id]);
  await t.pool.query('analyze events');
  const total = (await t.pool.query<{ n: string }>(`select count(*) as n from events where project_id = $1`, [p.id])).rows[0]?.n ?? '0';
  const c = await t.pool.connect();
  const runs: Record<string, number[]> = {};
  for (let round = 0; round < 4; round++) {
    await c.query('begin isolation level repeatable read');
    await c.query('set local jit = off');
    await c.query(`set local work_mem = '64MB'`);
    const project = (await c.query<DayProject>(PROJECT_SQL, [p.id, day])).rows[0];
    if (!project) throw new Error('no project');
    let all = 0;
    for (const s of dayTableSteps(p.id, day, project, [])) {
      const t0 = performance.now();
      await c.query(s.sql, s.params);
      const ms = performance.now() - t0;
      all += ms;
      if (/playback/.test(s.name) || s.name === 'stage day_events') (runs[s.name] ??= []).push(ms);
    }
    (runs['all day table steps'] ??= []).push(all);
    await c.query('rollback');
  }
  c.release();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(`${total} events on ${day} (${PLAYS} plays); median of rounds 2-4 (ms):`);
  for (const [name, xs] of Object.entries(runs)) console.log(`  ${name}: ${median(xs.slice(1)).toFixed(1)}  [${xs.map((x) => x.toFixed(0)).join(', ')}]`);

  await t.pool.query(`insert into daily_playback (project_id, day, video_id, slot_id, is_bot, views, started, startup_hist, exits_before_start,
      startup_failures, playback_failures, rebuffer_count, stall_ms, watch_seconds)
    select $1, $2::date - d, 'v' || v, 's' || s, b, 100 + v, 90 + v, array[1, 5, 20, 30, 15, 10, 5, 2, 1, 1, 0, 0], 8, 2, 1, 30, 24000, 3000
    from generate_series(1, 90) d, generate_series(0, 19) v, generate_series(0, 2) s, (values (false), (true)) bots(b)`, [p.id, day]);
  await t.pool.query('analyze daily_playback');
  const from = new Date(Date.parse(day) - 90 * 86_400_000).toISOString().slice(0, 10);
  const params = { from, to: day, includeBots: false, limit: 100 };
  const queries = { pool: t.pool } as unknown as StatsQueries;
  const times: number[] = [];
  for (let i = 0; i < 53; i++) {
    const t0 = performance.now();
    const body = await playbackReport(queries, { id: p.id, timezone: 'UTC' } as never, params);
    if (i >= 3) times.push(performance.now() - t0);
    if (i === 0 && body.rows.length !== 60) throw new Error(`expected 60 rows, got ${body.rows.length}`);
  }
  times.sort((a, b) => a - b);
  console.log(`GET /v1/stats/playback query over 90 days x 60 pairs (10,800 rows): p50 ${(times[25] ?? NaN).toFixed(1)} ms, p95 ${(times[47] ?? NaN).toFixed(1)} ms`);
} finally {
  await t.cleanup();
}
