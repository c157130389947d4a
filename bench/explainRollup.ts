/**
 * Where one project-day's rollup spends its time: runs the rollup itself (rollupDay, so every
 * statement it sends is covered, the member sets and the cap fold included) on a connection
 * that times each statement, then prints one line per statement in the order sent and a table
 * of the statements sorted by time. The day's transaction is rolled back instead of committed,
 * so its rows are left as they were (its dirty mark, if any, is cleared as after a rollup).
 *
 *   node --import tsx bench/explainRollup.ts [--db cuepoint_bench] [--day YYYY-MM-DD] [--explain] [--jit]
 *                                            [--temp-buffers SIZE] [--commit]
 *
 * Without --day it takes the big day recorded in bench_meta by bench/rollupStats.ts.
 * --explain: statements that write (create table as, insert, update, delete without RETURNING)
 * run as EXPLAIN (ANALYZE, BUFFERS) and their plans are printed; reads that answer rows to the
 * rollup are explained first and then run again for their rows (their time is the explained
 * run's). EXPLAIN's per-row instrumentation adds its own cost: use the plain run for times.
 * --jit: leave JIT compilation as the server has it (the rollup turns it off).
 * --commit: commit the day as the rollup does (the figures are recomputed, not changed).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import * as breakdownSql from '../worker/rollup/breakdownSql.js';
import * as capsSql from '../worker/rollup/capsSql.js';
import * as setSql from '../worker/rollup/setSql.js';
import * as sql from '../worker/rollup/sql.js';
import { dayTableSteps, type DayProject } from '../worker/rollup/daySteps.js';
import { rollupDay } from '../worker/rollup/rollupDay.js';
import { compileRules, type StoredRule } from '../shared/rules/compile.js';
import { DEFAULT_DAY_CAPS } from '../shared/rollup/dayCaps.js';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Timed {
  name: string;
  ms: number;
  /** The server backend's CPU (user + system) while it ran, from /proc: holds on a loaded machine. */
  cpuMs: number;
  plan?: string[];
}

/** User + system CPU of a local process in ms (clock ticks of 10 ms), or 0 when /proc cannot tell. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Every statement text the rollup sends, by a readable name: the day's steps and the exported constants. */
function statementNames(steps: readonly { name: string; sql: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const step of steps) if (!names.has(step.sql)) names.set(step.sql, step.name);
  for (const [module, exports] of [
    ['setSql', setSql],
    ['sql', sql],
    ['capsSql', capsSql],
    ['breakdownSql', breakdownSql],
  ] as const) {
    for (const [key, value] of Object.entries(exports)) {
      if (typeof value === 'string' && !names.has(value)) names.set(value, `${module}.${key}`);
      if (Array.isArray(value)) value.forEach((v, i) => typeof v === 'string' && !names.has(v) && names.set(v, `${module}.${key}[${i}]`));
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string' && !names.has(v)) names.set(v, `${module}.${key}.${k}`);
      }
    }
  }
  return names;
}

const WRITES = /^\s*(create temp table|insert|update|delete|with)\b/i;
const READS = /^\s*(select|with)\b/i;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const explain = argv.includes('--explain');
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
    const tempBuffers = opt('--temp-buffers');
    // The session's temp_buffers, settable only before its first temp table.
    if (tempBuffers !== undefined) await client.query(`set temp_buffers = '${tempBuffers.replace(/[^0-9A-Za-z]/g, '')}'`);
    const project = (await client.query<DayProject>(sql.PROJECT_SQL, [pid, day])).rows[0];
    if (!project) throw new Error('no project');
    const rules = compileRules((await client.query<StoredRule>(sql.RULES_SQL, [pid])).rows);
    const names = statementNames(dayTableSteps(pid, day, project, rules, DEFAULT_DAY_CAPS));
    const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0;
    const timed: Timed[] = [];
    const query = async (text: string, params?: unknown[]) => {
      const cpu0 = cpuMsOf(backend);
      const cpuMs = () => cpuMsOf(backend) - cpu0;
      const name = names.get(text) ?? text.replace(/\s+/g, ' ').slice(0, 60);
      let sent = text;
      if (/^commit$/i.test(text) && !argv.includes('--commit')) sent = 'rollback';
      if (/^set local jit = off$/i.test(text) && argv.includes('--jit')) sent = 'select 1';
      const t0 = performance.now();
      const pureRead = READS.test(sent) && !/\b(returning|insert|update|delete|pg_advisory\w*)\b/i.test(sent);
      if (explain && !pureRead && WRITES.test(sent) && !/\breturning\b/i.test(sent)) {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sent}`, params);
        timed.push({ name, ms: performance.now() - t0, cpuMs: cpuMs(), plan: rows.map((r) => r['QUERY PLAN']) });
        return { rows: [], rowCount: 0 };
      }
      if (explain && pureRead) {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sent}`, params);
        const ms = performance.now() - t0;
        const cpu = cpuMs();
        const result = await client.query(sent, params);
        timed.push({ name, ms, cpuMs: cpu, plan: rows.map((r) => r['QUERY PLAN']) });
        return result;
      }
      const result = await client.query(sent, params);
      timed.push({ name, ms: performance.now() - t0, cpuMs: cpuMs() });
      return result;
    };
    // The rollup takes one connection from its pool: this one, every statement timed.
    const timedClient = { query, on: () => undefined, off: () => undefined, release: () => undefined };
    const pool = { query, connect: () => Promise.resolve(timedClient) } as unknown as pg.Pool;
    const t0 = performance.now();
    await rollupDay(pool, pid, day, { mergeMonth: false });
    const totalMs = performance.now() - t0;

    for (const t of timed) {
      process.stdout.write(`${t.plan ? '\n' : ''}===== ${t.name}: ${(t.ms / 1000).toFixed(3)} s, server CPU ${(t.cpuMs / 1000).toFixed(2)} s\n`);
      if (t.plan) for (const line of t.plan) process.stdout.write(`${line}\n`);
    }
    const byName = new Map<string, { ms: number; cpuMs: number; runs: number }>();
    for (const t of timed) {
      const seen = byName.get(t.name) ?? { ms: 0, cpuMs: 0, runs: 0 };
      byName.set(t.name, { ms: seen.ms + t.ms, cpuMs: seen.cpuMs + t.cpuMs, runs: seen.runs + 1 });
    }
    const sorted = [...byName].sort((a, b) => b[1].cpuMs - a[1].cpuMs || b[1].ms - a[1].ms);
    const serverCpuMs = timed.reduce((sum, t) => sum + t.cpuMs, 0);
    const statementMs = timed.reduce((sum, t) => sum + t.ms, 0);
    process.stdout.write(
      `\nrollupDay ${day}${explain ? ' (explained)' : ''}: ${(totalMs / 1000).toFixed(2)} s wall, server CPU ${(serverCpuMs / 1000).toFixed(2)} s, ` +
        `${((totalMs - statementMs) / 1000).toFixed(2)} s outside statements (encoding sets), ${timed.length} statements; load ${readFileSync('/proc/loadavg', 'utf8').trim()}\n\n`,
    );
    process.stdout.write('| statement | server CPU s | share of server CPU | wall s | runs |\n| --- | --- | --- | --- | --- |\n');
    for (const [name, { ms, cpuMs, runs }] of sorted) {
      if (cpuMs < 10 && ms < 10 && !argv.includes('--all')) continue;
      const share = serverCpuMs > 0 ? `${((100 * cpuMs) / serverCpuMs).toFixed(1)} %` : '';
      process.stdout.write(`| ${name} | ${(cpuMs / 1000).toFixed(2)} | ${share} | ${(ms / 1000).toFixed(3)} | ${runs} |\n`);
    }
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
