import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { printFigures } from '../check/report.js';
import type { Tally } from '../check/tally.js';
import type { Ledger } from '../client/ledger.js';
import type { PrivateServers } from '../infra/privateServers.js';
import { inScenario, type Scenario } from './scenario.js';
import type { FaultSize } from './size.js';

/** The clock ticks once a minute; two ticks cover a stream that ends just after one. */
const ROLLUP_WAIT_MS = 150_000;

/** Per UTC day: what a single correct rollup must show, and what daily_project shows. */
export interface DayFigures {
  day: string;
  impressions: number;
  opens: number;
  plays: number;
}

export interface TwoClocksResult {
  tally: Tally;
  ledger: Ledger;
  /** Counted from the stored events, as one clock and one rollup per day would. */
  expected: DayFigures[];
  rolledUp: DayFigures[];
  /** Rollup jobs run (one per dirty day and minute tick, whatever the number of clocks). */
  rollupJobs: number;
  /** Rollups actually executed, read from `rollup_seq` (each stamps one value). */
  rollupsExecuted: number;
}

/** Scenario 5: two clock processes at once; every rollup must still count each event once. */
export async function twoClocks(servers: PrivateServers, size: FaultSize): Promise<TwoClocksResult> {
  return inScenario(servers, size, {}, async (s) => {
    await Promise.all([s.deployment.start('web'), s.deployment.start('worker'), s.deployment.startMany('clock', 2)]);
    const stream = s.stream(size.streamSeconds);
    const t = await s.settle(stream);
    const settledAt = new Date();
    await rolledUpSince(s, settledAt);

    const expected = await expectedFigures(s.store.pool);
    const rolledUp = await dailyProject(s.store.pool);
    const rollupJobs = await s.queues.rollup.getCompletedCount();
    const rollupsExecuted = await executedRollups(s.store.pool);
    printFigures('two clocks', t, stream.ledger, {
      'rollup jobs completed': rollupJobs,
      'rollups executed': rollupsExecuted,
      'days': expected.length,
      'daily_project impressions/opens/plays': sum(rolledUp),
      'expected from events': sum(expected),
    });
    return { tally: t, ledger: stream.ledger, expected, rolledUp, rollupJobs, rollupsExecuted };
  });
}

/** Waits until no day is dirty, no rollup is pending, and every day with events was rolled up after `since`. */
async function rolledUpSince(s: Scenario, since: Date): Promise<void> {
  const deadline = Date.now() + ROLLUP_WAIT_MS;
  for (;;) {
    const { rows } = await s.store.pool.query<{ dirty: number; stale: number }>(
      `select (select count(*)::int from dirty_days) as dirty,
              (select count(*)::int from (select distinct (occurred_at at time zone 'UTC')::date as day from events) d
                where not exists (select 1 from rollup_days r where r.day = d.day and r.rolled_at > $1)) as stale`,
      [since],
    );
    const pending = await s.queues.unfinished(s.queues.rollup);
    if (rows[0]?.dirty === 0 && rows[0].stale === 0 && pending === 0) return;
    if (Date.now() > deadline) throw new Error(`rollups not done after ${ROLLUP_WAIT_MS} ms: ${JSON.stringify({ ...rows[0], pending })}`);
    await sleep(500);
  }
}

/** Every rollup stamps its day with nextval('rollup_seq'), and nothing else draws from it. */
async function executedRollups(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`select case when is_called then last_value else 0 end::int as n from rollup_seq`);
  return rows[0]?.n ?? 0;
}

async function expectedFigures(pool: pg.Pool): Promise<DayFigures[]> {
  const { rows } = await pool.query<DayFigures>(
    `select (occurred_at at time zone 'UTC')::date::text as day,
            count(*) filter (where type = 'impression')::int as impressions,
            count(*) filter (where type = 'widget_open')::int as opens,
            count(distinct play_id) filter (where type = 'video_play')::int as plays
     from events group by 1 order by 1`,
  );
  return rows;
}

async function dailyProject(pool: pg.Pool): Promise<DayFigures[]> {
  const { rows } = await pool.query<DayFigures>(
    `select day::text as day, sum(impressions)::int as impressions, sum(opens)::int as opens, sum(plays)::int as plays
     from daily_project group by day order by day`,
  );
  return rows;
}

function sum(days: DayFigures[]): string {
  const total = days.reduce((a, d) => ({ i: a.i + d.impressions, o: a.o + d.opens, p: a.p + d.plays }), { i: 0, o: 0, p: 0 });
  return `${total.i}/${total.o}/${total.p}`;
}
