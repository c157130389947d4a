/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement rollupDay runs for one project-day, inside a
 * transaction that is rolled back (the day's rows are left as they were).
 *
 *   node --import tsx bench/explainRollup.ts [--db cuepoint_bench] [--day YYYY-MM-DD] [--no-jit] [--timing]
 *
 * Without --day it explains the big day recorded in bench_meta by bench/rollupStats.ts.
 */
import pg from 'pg';
import { BREAKDOWN_SETS_SQL } from '../worker/rollup/breakdownSql.js';
import { compileRules, type StoredRule } from '../shared/rules/compile.js';
import { DAY_MEMBERS_SQL, DAY_NUMBERS_SQL, DAY_SETS_SQL } from '../worker/rollup/setSql.js';
import { dayTableSteps, type DayProject } from '../worker/rollup/daySteps.js';
import { PROJECT_SQL, RULES_SQL } from '../worker/rollup/sql.js';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const db = opt('--db') ?? 'cuepoint_bench';
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const meta = (await client.query<{ project_id: string; big_day: string }>(`select project_id::text as project_id, big_day::text as big_day from bench_meta`)).rows[0];
    if (!meta) throw new Error('bench_meta is empty; run bench/rollupStats.ts first');
    const day = opt('--day') ?? meta.big_day;
    const pid = meta.project_id;
    // --temp-buffers SIZE: the session's temp_buffers (settable only before its first temp table).
    const tempBuffers = opt('--temp-buffers');
    if (tempBuffers !== undefined) await client.query(`set temp_buffers = '${tempBuffers.replace(/[^0-9A-Za-z]/g, '')}'`);
    await client.query('begin isolation level repeatable read');
    // --no-jit: what the same statements cost with JIT compilation off (SET LOCAL, this transaction only).
    if (argv.includes('--no-jit')) await client.query('set local jit = off');
    await client.query(`set local work_mem = '64MB'`);
    const project = (await client.query<DayProject>(PROJECT_SQL, [pid, day])).rows[0];
    if (!project) throw new Error('no project');
    const rules = compileRules((await client.query<StoredRule>(RULES_SQL, [pid])).rows);
    const statements: [string, string, unknown[]][] = [
      ...dayTableSteps(pid, day, project, rules).map((s): [string, string, unknown[]] => [s.name, s.sql, s.params]),
      ['DAY_MEMBERS_SQL', DAY_MEMBERS_SQL, [pid]],
      // Explained without reserving: every member of the day already has its number.
      ['DAY_NUMBERS_SQL', DAY_NUMBERS_SQL, [0, 0]],
      ['analyze day_numbers', 'analyze day_numbers', []],
      ['DAY_SETS_SQL', DAY_SETS_SQL, []],
      ['BREAKDOWN_SETS_SQL', BREAKDOWN_SETS_SQL, []],
    ];
    for (const [name, sql, params] of statements) {
      const t0 = performance.now();
      // --timing: the statements as the rollup runs them, timed, without EXPLAIN's per-row instrumentation.
      const explain = /^(analyze|drop) /.test(sql) || argv.includes('--timing') ? sql : `explain (analyze, buffers) ${sql}`;
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(explain, params);
      process.stdout.write(`\n===== ${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      if (!argv.includes('--timing')) for (const r of rows) process.stdout.write(`${r['QUERY PLAN']}\n`);
    }
    await client.query('rollback');
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
