/**
 * How much a change costs the rollup: the big day of a database made by bench/rollupStats.ts,
 * rolled up by an earlier checkout's rollupDay and by this one's, interleaved (earlier, this,
 * earlier, this …) so both see the same machine load, then medians and the median of the
 * per-round ratios.
 *
 *   git worktree add /tmp/cuepoint-before <commit>   (with node_modules linked in)
 *   node --import tsx bench/rollupCompare.ts --baseline /tmp/cuepoint-before [--db cuepoint_bench] [--rounds 3] [--day YYYY-MM-DD]
 *
 * `--day` compares another day than the big one (an ordinary day, say).
 *
 * The earlier code runs against today's schema: migrations only add columns and tables with
 * defaults, so it writes what it always wrote and ignores the rest. Each run replaces the
 * whole day, so the order of runs does not change what the next one reads.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { databaseUrl } from './lib/database.js';

type RollupDay = (pool: pg.Pool, projectId: string, day: string, options?: { mergeMonth?: boolean }) => Promise<unknown>;

interface Args {
  baseline: string;
  db: string;
  rounds: number;
  day: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { baseline: '', db: 'cuepoint_bench', rounds: 3, day: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${String(a)} needs a value`);
    if (a === '--baseline') args.baseline = v;
    else if (a === '--db') args.db = v;
    else if (a === '--rounds') args.rounds = Number(v);
    else if (a === '--day') args.day = v;
    else throw new Error(`unknown argument: ${String(a)}`);
    i++;
  }
  if (args.baseline === '') throw new Error('--baseline <checkout of the earlier commit> is required');
  if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error('--rounds must be a positive integer');
  return args;
}

async function load(root: string): Promise<RollupDay> {
  const mod = (await import(pathToFileURL(path.join(root, 'worker/rollup/rollupDay.ts')).href)) as { rollupDay: RollupDay };
  return mod.rollupDay;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pool = new pg.Pool({ connectionString: databaseUrl(args.db), max: 2 });
  try {
    const meta = (await pool.query<{ project_id: string; big_day: string }>(`select project_id::text, big_day::text from bench_meta where complete`)).rows[0];
    if (!meta) throw new Error(`${args.db} holds no complete benchmark data; run bench/rollupStats.ts first`);
    const day = args.day ?? meta.big_day;
    const before = await load(path.resolve(args.baseline));
    const now = await load(path.resolve(import.meta.dirname, '..'));
    // One untimed run each, so neither pays for cold caches the other warmed.
    await before(pool, meta.project_id, day, { mergeMonth: false });
    await now(pool, meta.project_id, day, { mergeMonth: false });
    const times = { before: [] as number[], now: [] as number[] };
    for (let r = 0; r < args.rounds; r++) {
      for (const [name, run] of [['before', before], ['now', now]] as const) {
        const t0 = performance.now();
        await run(pool, meta.project_id, day, { mergeMonth: false });
        times[name].push(performance.now() - t0);
      }
    }
    const ratios = times.now.map((t, i) => t / (times.before[i] ?? NaN));
    const fmt = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
    process.stdout.write(
      [
        `${day === meta.big_day ? 'big day' : 'day'} ${day} of ${args.db}; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
        `earlier checkout: ${fmt(times.before)} s (median ${(median(times.before) / 1000).toFixed(2)} s)`,
        `this checkout:    ${fmt(times.now)} s (median ${(median(times.now) / 1000).toFixed(2)} s)`,
        `this / earlier, median of per-round ratios: ${median(ratios).toFixed(2)} (+${((median(ratios) - 1) * 100).toFixed(0)} %)`,
        '',
      ].join('\n'),
    );
  } finally {
    await pool.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
