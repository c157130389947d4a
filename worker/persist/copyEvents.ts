import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { NormalizedEvent } from '../normalize/types.js';
import { EVENT_COLUMNS } from './columns.js';

/**
 * Rows go into `events` by COPY rather than `INSERT … SELECT FROM unnest(…)`: the server then
 * inserts them in multi-row batches per partition and parses no arrays, and this process builds
 * one text buffer instead of 58 parameter arrays for the driver to escape element by element.
 * The rows are already known to be new (their ids were just inserted into `event_ids`), so no
 * conflict handling is needed. It runs in the caller's transaction: an error aborts it like any
 * statement's, with the server's own code (a missing partition is still 23514).
 */
export const COPY_EVENTS_SQL = `copy events (${EVENT_COLUMNS.join(', ')}) from stdin`;

const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY's text format: \N for null, backslash escapes for the four special characters. */
export function copyField(value: NormalizedEvent[keyof NormalizedEvent]): string {
  if (value === null) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  else if (value instanceof Date) return value.toISOString();
  else text = JSON.stringify(value);
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, escapeChar) : text;
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** The rows as COPY text, one line each, in EVENT_COLUMNS order. */
export function copyText(rows: readonly NormalizedEvent[]): string {
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < EVENT_COLUMNS.length; i++) {
      const column = EVENT_COLUMNS[i] as keyof NormalizedEvent;
      line += (i === 0 ? '' : '\t') + copyField(row[column]);
    }
    out += `${line}\n`;
  }
  return out;
}

/**
 * Writes the rows into `events` with one COPY on the caller's client; resolves once the server
 * has them. The text is built before the COPY starts: a row that cannot be written (an invalid
 * date) then fails like any statement, instead of leaving the server waiting for COPY data with
 * the connection's ROLLBACK queued behind it.
 */
export async function copyEvents(client: pg.ClientBase, rows: readonly NormalizedEvent[]): Promise<void> {
  if (rows.length === 0) return;
  const body = Buffer.from(copyText(rows), 'utf8');
  const stream = client.query(copyFrom(COPY_EVENTS_SQL));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(body);
  });
}
