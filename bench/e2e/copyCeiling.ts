/**
 * Ceiling for end to end: the fastest way PostgreSQL takes the same rows. Events are built
 * like the load's, normalized by the worker's own normalizeEvent, and written with COPY into
 * the same (partitioned, indexed) events table. No dedup table, no facts, no dirty marks, no
 * queue: what is left is the table's own cost.
 *
 * pg-copy-streams is not installed, so COPY runs through psql (`\copy … from '<file>'`, which
 * streams the file as COPY FROM STDIN); only psql's run is timed, the file is written before.
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { ToDeadLetter } from '../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../worker/normalize/pipeline.js';
import type { JobContext, NormalizedEvent } from '../../worker/normalize/types.js';
import { EVENT_COLUMNS } from '../../worker/persist/columns.js';
import { BROWSER_USER_AGENT, makeEvents } from '../ingest/eventBodies.js';
import { runToEnd } from '../lib/processes.js';

export interface CopyResult {
  rows: number;
  seconds: number;
  rowsPerS: number;
}

const MAX_EVENT_AGE_MS = 90 * 86_400_000;

export async function measureCopy(databaseUrl: string, pool: pg.Pool, projectId: string, rows: number): Promise<CopyResult> {
  const file = join(tmpdir(), `cuepoint-bench-copy-${process.pid}-${randomUUID()}.tsv`);
  try {
    writeFileSync(file, copyText(projectId, rows));
    const before = await countEvents(pool);
    const t0 = performance.now();
    await runToEnd('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy events (${EVENT_COLUMNS.join(', ')}) from '${file}'`]);
    const seconds = (performance.now() - t0) / 1000;
    const copied = (await countEvents(pool)) - before;
    if (copied !== rows) throw new Error(`COPY stored ${copied} rows, expected ${rows}`);
    return { rows, seconds, rowsPerS: rows / seconds };
  } finally {
    rmSync(file, { force: true });
  }
}

async function countEvents(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select count(*)::text as n from events`);
  return Number(rows[0]?.n ?? 0);
}

/** `rows` normalized events in COPY's text format, column order of EVENT_COLUMNS. */
function copyText(projectId: string, rows: number): string {
  const now = Date.now();
  const job: JobContext = {
    v: 1,
    projectId,
    timezone: 'Europe/Paris',
    receivedAt: now,
    sentAt: now,
    context: { userAgent: BROWSER_USER_AGENT, country: null, ipPrefix: null },
    queryAllowlist: [],
  };
  const lines: string[] = [];
  while (lines.length < rows) {
    for (const event of makeEvents(Math.min(20, rows - lines.length), now)) {
      const row = normalizeEvent(event, job, { maxEventAgeMs: MAX_EVENT_AGE_MS });
      if (row instanceof ToDeadLetter) throw new Error(`bench event refused: ${row.describe()}`);
      lines.push(copyLine(row));
    }
  }
  return `${lines.join('\n')}\n`;
}

function copyLine(row: NormalizedEvent): string {
  return EVENT_COLUMNS.map((column) => copyField(row[column])).join('\t');
}

function copyField(value: NormalizedEvent[keyof NormalizedEvent]): string {
  if (value === null) return '\\N';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
