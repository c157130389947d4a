import type pg from 'pg';
import type { DayCaps } from '../../shared/rollup/dayCaps.js';
import { FOLD_SQL, KEPT_KEYS_SQL, OVER_CAPS_SQL } from './capsSql.js';
import { deleteDaySteps, writeDaySteps } from './daySteps.js';


/**
 * Once the day's tables are written from the staged rows, checks them against the caps (a few
 * index reads of small tables, so an ordinary day pays nothing more) and, when one is exceeded,
 * folds the least active keys of the staged rows into `(other)` and writes the day again.
 * Runs inside the rollup's transaction, before the member sets are written from the same rows.
 */
export async function foldPastCaps(client: pg.PoolClient, projectId: string, day: string, caps: DayCaps): Promise<boolean> {
  const { rows } = await client.query<{ over: boolean }>(OVER_CAPS_SQL, [projectId, day, caps.videos, caps.slots, caps.pages]);
  if (rows[0]?.over !== true) return false;
  for (const kind of ['videos', 'slots', 'pages'] as const) await client.query(KEPT_KEYS_SQL[kind], [caps[kind]]);
  for (const sql of FOLD_SQL) await client.query(sql);
  // daily_sets is written after this, from the folded rows.
  for (const step of [...deleteDaySteps(projectId, day), ...writeDaySteps(projectId, day)]) await client.query(step.sql, step.params);
  return true;
}
