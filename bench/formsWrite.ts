/**
 * What form facts cost the writer and the rollup: batches of 5,000 events (the worker's batch)
 * of page views only, then of form events (half starts, half submits of the same attempts, four
 * fields each, two with values), through the real normalisation and event writer, rounds
 * interleaved; then one day's rollup with those attempts.
 *
 *   node --import tsx bench/formsWrite.ts [--batches 6] [--db cuepoint_bench_forms]
 *
 * Prints the median write time per batch of each kind, the rollup time of the day, and the time
 * of the daily_forms statement alone.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ToDeadLetter } from '../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../worker/normalize/pipeline.js';
import { EventWriter, type WriteItem } from '../worker/persist/eventWriter.js';
import { rollupDay } from '../worker/rollup/rollupDay.js';
import { INSERT_DAY_FORMS_SQL, MAX_FORMS_PER_DAY } from '../worker/rollup/tables/forms.js';
import { databaseUrl, dropDatabase, recreateDatabase } from './lib/database.js';

const BATCH = 5000;
const ZONE = 'Europe/Paris';

function parseArgs(argv: string[]): { batches: number; db: string } {
  const args = { batches: 6, db: 'cuepoint_bench_forms' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${String(flag)} needs a value`);
    if (flag === '--batches') args.batches = Number(value);
    else if (flag === '--db') args.db = value;
    else throw new Error(`unknown argument: ${String(flag)}`);
  }
  return args;
}

function item(projectId: string, raw: Record<string, unknown> & { ts: number }): WriteItem {
  const job = {
    v: 1 as const,
    projectId,
    timezone: ZONE,
    receivedAt: raw.ts + 1000,
    sentAt: null,
    context: { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36', country: null, ipPrefix: null },
    queryAllowlist: [],
  };
  const row = normalizeEvent({ id: randomUUID(), ...raw }, job, { maxEventAgeMs: 90 * 86_400_000 });
  if (row instanceof ToDeadLetter) throw new Error(row.describe());
  return { row, timezone: ZONE };
}

function pageViews(projectId: string, ts: number): WriteItem[] {
  return Array.from({ length: BATCH }, (_, i) =>
    item(projectId, { type: 'page_view', ts: ts + i, visitorId: randomUUID(), sessionId: randomUUID(), url: `https://shop.example/p/${i % 200}` }),
  );
}

function formEvents(projectId: string, ts: number): WriteItem[] {
  const out: WriteItem[] = [];
  for (let i = 0; i < BATCH / 2; i++) {
    const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
    const formId = `form-${i % 20}`;
    out.push(item(projectId, { type: 'form_start', ts: ts + i, ...ids, formId, url: 'https://shop.example/contact' }));
    out.push(
      item(projectId, {
        type: 'form_submit',
        ts: ts + i + 1000 * (5 + (i % 120)),
        ...ids,
        formId,
        outcome: 'submitted',
        url: 'https://shop.example/contact',
        fields: [{ name: 'name', type: 'text', length: 8 }, { name: 'email', type: 'email', length: 20 }, { name: 'password', type: 'password' }, { name: 'plan', type: 'select-one', length: 3 }],
        values: { name: 'Jane Doe', plan: 'pro' },
      }),
    );
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const project = await recreateDatabase(args.db);
  const pool = new pg.Pool({ connectionString: databaseUrl(args.db), max: 4 });
  try {
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const ts = Date.parse(`${day}T09:00:00Z`);
    const writer = new EventWriter(pool);
    const times: Record<'pageViews' | 'forms', number[]> = { pageViews: [], forms: [] };
    for (let round = 0; round < args.batches; round++) {
      for (const kind of ['pageViews', 'forms'] as const) {
        const items = kind === 'pageViews' ? pageViews(project.projectId, ts) : formEvents(project.projectId, ts);
        const started = performance.now();
        await writer.write(items);
        times[kind].push(performance.now() - started);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const started = performance.now();
    await rollupDay(pool, project.projectId, day);
    const rollupMs = performance.now() - started;
    // The forms statement alone, as the rollup runs it (delete, then insert, in one transaction).
    const client = await pool.connect();
    let formsStepMs = 0;
    try {
      await client.query('begin');
      await client.query('delete from daily_forms where project_id = $1 and day = $2', [project.projectId, day]);
      const step = performance.now();
      await client.query(INSERT_DAY_FORMS_SQL, [project.projectId, day, MAX_FORMS_PER_DAY]);
      formsStepMs = performance.now() - step;
      await client.query('commit');
    } finally {
      client.release();
    }
    const counts = await pool.query<{ starts: string; submissions: string }>(
      `select (select count(*) from form_starts)::text as starts, (select count(*) from form_submissions)::text as submissions`,
    );
    console.log(
      JSON.stringify({
        batchEvents: BATCH,
        batches: args.batches,
        pageViewBatchMs: Math.round(median(times.pageViews)),
        formBatchMs: Math.round(median(times.forms)),
        formRowsPerSecond: Math.round(BATCH / (median(times.forms) / 1000)),
        attempts: Number(counts.rows[0]?.starts),
        submissions: Number(counts.rows[0]?.submissions),
        dayRollupMs: Math.round(rollupMs),
        formsRollupStepMs: Math.round(formsStepMs),
      }),
    );
  } finally {
    await pool.end();
    await dropDatabase(args.db);
  }
}

await main();
