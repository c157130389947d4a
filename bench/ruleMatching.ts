/**
 * What conversion rules cost one day's rollup when page URLs are long: the case where 20
 * pattern rules of 2,000 characters against long page URLs made one rollup take about a minute.
 *
 *   node --import tsx bench/ruleMatching.ts [--scenario review|capped|typical] [--page-views 100]
 *                                           [--runs 3] [--db cuepoint_bench_rules]
 *
 * Every page view is a different visitor on one day, on a URL of 2,000 CJK characters (the
 * most the 2 KB contract lets through; ~18,000 characters once percent-encoded) stored through
 * the real normalisation and event writer. Rules are inserted directly, as rules stored before
 * any limit existed would be:
 * - review: 20 `pattern` rules of 2,000 characters, each `*` then the URL's own escapes and a
 *   last character that never matches, so LIKE compares a long run at every `%` of the URL;
 * - capped: the worst the limits allow, 50 such rules of 512 characters;
 * - typical: 50 rules of the usual shape, `https://shop.example/checkout/*` + `/thanks-N*`.
 * Prints the median wall time of `rollupDay` over the runs (the first run included).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { databaseUrl, dropDatabase, recreateDatabase } from './lib/database.js';
import { ToDeadLetter } from '../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../worker/normalize/pipeline.js';
import { EventWriter } from '../worker/persist/eventWriter.js';
import { rollupDay } from '../worker/rollup/rollupDay.js';

type Scenario = 'review' | 'capped' | 'typical';

interface Args {
  scenario: Scenario;
  pageViews: number;
  runs: number;
  db: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { scenario: 'review', pageViews: 100, runs: 3, db: 'cuepoint_bench_rules' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${String(flag)} needs a value`);
    if (flag === '--scenario' && (value === 'review' || value === 'capped' || value === 'typical')) args.scenario = value;
    else if (flag === '--page-views') args.pageViews = Number(value);
    else if (flag === '--runs') args.runs = Number(value);
    else if (flag === '--db') args.db = value;
    else throw new Error(`unknown argument: ${String(flag)} ${value}`);
  }
  return args;
}

/** `*`, then the escape of 日 repeated, then `x`: never a match, a long comparison at every escape. */
function slowPattern(chars: number): string {
  const run = '%E6%97%A5'.repeat(Math.ceil(chars / 9)).slice(0, chars - 2);
  return `*${run}x`;
}

function rulesOf(scenario: Scenario): { kind: string; pattern: string }[] {
  if (scenario === 'review') return Array.from({ length: 20 }, () => ({ kind: 'pattern', pattern: slowPattern(2000) }));
  if (scenario === 'capped') return Array.from({ length: 50 }, () => ({ kind: 'pattern', pattern: slowPattern(512) }));
  return Array.from({ length: 50 }, (_, i) => ({ kind: 'pattern', pattern: `https://shop.example/checkout/*/thanks-${i}*` }));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const project = await recreateDatabase(args.db);
  const pool = new pg.Pool({ connectionString: databaseUrl(args.db), max: 2 });
  try {
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const ts = Date.parse(`${day}T12:00:00Z`);
    const url = `https://shop.example/${'日'.repeat(2000)}`;
    const items = Array.from({ length: args.pageViews }, () => {
      const raw = { id: randomUUID(), type: 'page_view', ts, visitorId: randomUUID(), sessionId: randomUUID(), url };
      const job = {
        v: 1 as const,
        projectId: project.projectId,
        timezone: 'Europe/Paris',
        receivedAt: ts + 1000,
        sentAt: null,
        context: { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36', country: null, ipPrefix: null },
        queryAllowlist: [],
      };
      const row = normalizeEvent(raw, job, { maxEventAgeMs: 90 * 86_400_000 });
      if (row instanceof ToDeadLetter) throw new Error(row.describe());
      return { row, timezone: 'Europe/Paris' };
    });
    await new EventWriter(pool).write(items);
    const stored = await pool.query<{ n: number }>(`select max(length(url))::int as n from events`);

    for (const rule of rulesOf(args.scenario)) {
      await pool.query(
        `insert into conversion_rules (id, project_id, name, kind, pattern, created_at, updated_at) values ($1, $2, 'bench', $3, $4, now(), now())`,
        [randomUUID(), project.projectId, rule.kind, rule.pattern],
      );
    }

    const times: number[] = [];
    for (let i = 0; i < args.runs; i++) {
      const started = performance.now();
      await rollupDay(pool, project.projectId, day);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(
      JSON.stringify({
        scenario: args.scenario,
        pageViews: args.pageViews,
        storedUrlChars: stored.rows[0]?.n,
        rollupMs: times.map((t) => Math.round(t)),
        medianMs: Math.round(median),
      }),
    );
  } finally {
    await pool.end();
    await dropDatabase(args.db);
  }
}

await main();
