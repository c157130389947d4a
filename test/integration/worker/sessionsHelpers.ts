import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import type { WriteItem } from '../../../worker/persist/eventWriter.js';
import { CHROME, job } from './helpers.js';

export const BOT_UA = 'curl/8.5.0';

export interface Who {
  visitorId: string;
  sessionId: string;
}

export const who = (visitorId: string = randomUUID()): Who => ({ visitorId, sessionId: randomUUID() });

/** One event of `who` at `ts` (ISO), normalised as the worker would, received a minute later. */
export function item(
  projectId: string,
  timezone: string,
  w: Who,
  type: string,
  ts: string,
  fields: Record<string, unknown> = {},
  userAgent = CHROME,
): WriteItem {
  const at = Date.parse(ts);
  const raw = { id: randomUUID(), type, ts: at, visitorId: w.visitorId, sessionId: w.sessionId, ...fields };
  const base = job(projectId, [], { receivedAt: at + 60_000, timezone });
  const row = normalizeEvent(raw, { ...base, context: { ...base.context, userAgent } }, { maxEventAgeMs: 3650 * 86_400_000 });
  if (row instanceof ToDeadLetter) throw new Error(row.describe());
  return { row, timezone };
}

export async function sessionRows(pool: pg.Pool, projectId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<Record<string, unknown>>(`select * from sessions where project_id = $1 order by session_id`, [projectId]);
  return rows;
}

export async function firstRows(pool: pg.Pool, projectId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<Record<string, unknown>>(`select * from visitor_firsts where project_id = $1 order by visitor_id`, [projectId]);
  return rows;
}

export async function dirtyDays(pool: pg.Pool, projectId: string): Promise<string[]> {
  const { rows } = await pool.query<{ day: string }>(`select day::text as day from dirty_days where project_id = $1 order by day`, [projectId]);
  return rows.map((r) => r.day);
}

export async function clearDirty(pool: pg.Pool): Promise<void> {
  await pool.query(`delete from dirty_days`);
}
