/**
 * Ceiling for end to end: the fastest way PostgreSQL takes the same rows. Events are built
 * like the load's, normalized by the worker's own normalizeEvent, and written with COPY into
 * the same (partitioned, indexed) events table. No dedup table, no facts, no dirty marks, no
 * queue: what is left is the table's own cost.
 *
 * COPY FROM STDIN through pg-copy-streams on one connection; the text is built before, so only
 * the copy is timed. The backend's own CPU over the copy (from /proc) is PostgreSQL's cost per
 * row at best, the floor for its CPU per stored event end to end.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ToDeadLetter } from '../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../worker/normalize/pipeline.js';
import type { JobContext, NormalizedEvent } from '../../worker/normalize/types.js';
import { EVENT_COLUMNS } from '../../worker/persist/columns.js';
import { BROWSER_USER_AGENT, makeEvents } from '../ingest/eventBodies.js';
import { cpuMs } from '../lib/cpuTime.js';

export interface CopyResult {
  rows: number;
  seconds: number;
  rowsPerS: number;
  /** CPU of the PostgreSQL backend that ran the COPY, per row. */
  postgresUsPerRow: number;
}

const MAX_EVENT_AGE_MS = 90 * 86_400_000;

/** Whole lines per chunk written to the socket; every chunk is built before the timed copy. */
const CHUNK_ROWS = 4000;

export async function measureCopy(databaseUrl: string, pool: pg.Pool, projectId: string, rows: number): Promise<CopyResult> {
  const chunks = copyChunks(projectId, rows);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: me } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backendPid = me[0]?.pid;
    if (backendPid === undefined) throw new Error('no backend pid for the COPY connection');
    const before = await countEvents(pool);
    const cpu0 = cpuMs(backendPid);
    const t0 = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom(`copy events (${EVENT_COLUMNS.join(', ')}) from stdin`)));
    const seconds = (performance.now() - t0) / 1000;
    const postgresMs = cpuMs(backendPid) - cpu0;
    const copied = (await countEvents(pool)) - before;
    if (copied !== rows) throw new Error(`COPY stored ${copied} rows, expected ${rows}`);
    return { rows, seconds, rowsPerS: rows / seconds, postgresUsPerRow: (postgresMs * 1000) / rows };
  } finally {
    await client.end();
  }
}

async function countEvents(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select count(*)::text as n from events`);
  return Number(rows[0]?.n ?? 0);
}

/** `rows` normalized events in COPY's text format, column order of EVENT_COLUMNS, in chunks of whole lines. */
function copyChunks(projectId: string, rows: number): string[] {
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
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += CHUNK_ROWS) chunks.push(`${lines.slice(i, i + CHUNK_ROWS).join('\n')}\n`);
  return chunks;
}

function copyLine(row: NormalizedEvent): string {
  return EVENT_COLUMNS.map((column) => copyField(row[column])).join('\t');
}

function copyField(value: NormalizedEvent[keyof NormalizedEvent]): string {
  if (value === null) return '\\N';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
