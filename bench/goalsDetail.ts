/**
 * What the goals, clicks, custom-events and transitions answers cost over 90 days of daily rows
 * shaped like a busy project at the day caps: 12 goals attributed to 300 (video, slot) pairs
 * each, 2,000 click keys, 200 custom event names and 500 slot pairs per day. Times the stats
 * queries themselves (an exact answer, as on a response-cache miss), 50 runs each after 3 to
 * warm the connection.
 *
 *   node --import tsx bench/goalsDetail.ts [--db cuepoint_bench_goals]
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { StatsScope } from '../api/stats/figures.js';
import { queryClicks } from '../api/stats/reports/clicks.js';
import { queryCustomEvents } from '../api/stats/reports/customEvents.js';
import { queryGoals } from '../api/stats/reports/goals.js';
import { queryTransitions } from '../api/stats/reports/transitions.js';
import { databaseUrl, dropDatabase, recreateDatabase } from './lib/database.js';

const DAYS = 90;
const RUNS = 50;

const SEED_SQL = [
  `insert into daily_goals (project_id, day, goal_kind, goal, video_id, slot_id, is_bot, conversions, value)
   select $1, $2::date + d, 'event', 'goal-' || g, 'video-' || (p % 60), 'slot-' || p, false, 1 + (d + g + p) % 5, ((d * g + p) % 100)::numeric / 4
   from generate_series(0, ${DAYS - 1}) d, generate_series(1, 12) g, generate_series(1, 300) p`,
  `insert into daily_clicks (project_id, day, video_id, slot_id, target, label, is_bot, clicks)
   select $1, $2::date + d, 'video-' || (k % 60), 'slot-' || (k % 400), (array['cta', 'detail', 'choice'])[1 + k % 3], 'label ' || k, false, 1 + (d + k) % 7
   from generate_series(0, ${DAYS - 1}) d, generate_series(1, 2000) k`,
  `insert into daily_custom_events (project_id, day, name, is_bot, events)
   select $1, $2::date + d, 'event-' || n, false, 1 + (d * n) % 50
   from generate_series(0, ${DAYS - 1}) d, generate_series(1, 200) n`,
  `insert into daily_transitions (project_id, day, from_slot_id, to_slot_id, is_bot, count)
   select $1, $2::date + d, 'slot-' || (t % 100), 'slot-' || (t / 100 + 100), false, 1 + (d + t) % 9
   from generate_series(0, ${DAYS - 1}) d, generate_series(0, 499) t`,
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const db = process.argv[2] === '--db' && process.argv[3] !== undefined ? process.argv[3] : 'cuepoint_bench_goals';
  const project = await recreateDatabase(db);
  const pool = new pg.Pool({ connectionString: databaseUrl(db), max: 2 });
  try {
    const first = '2026-09-01';
    for (const sql of SEED_SQL) await pool.query(sql, [project.projectId, first]);
    await pool.query('vacuum analyze');
    const scope: StatsScope = { projectId: project.projectId, from: first, to: '2026-11-29', includeBots: false };
    const clicks = { from: scope.from, to: scope.to, includeBots: false, limit: 100, videoId: undefined, slotId: undefined };
    await time('goals 90 d (12 goals x 300 pairs a day)', () => queryGoals(pool, scope, 100));
    await time('clicks 90 d (2,000 keys a day)', () => queryClicks(pool, scope, clicks));
    await time('clicks 90 d, one video', () => queryClicks(pool, scope, { ...clicks, videoId: 'video-7' }));
    await time('custom-events 90 d (200 names a day)', () => queryCustomEvents(pool, scope, 100));
    await time('transitions 90 d (500 pairs a day)', () => queryTransitions(pool, scope, 100));
  } finally {
    await pool.end();
    await dropDatabase(db);
  }
}

await main();
