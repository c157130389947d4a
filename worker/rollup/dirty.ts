import type pg from 'pg';
import { listDirtyDays, type DirtyDay, type DirtyDayQuery } from '../../shared/rollup/dirtyDays.js';
import { rollupDay, type RollupOptions } from './rollupDay.js';

export interface RolledDay extends DirtyDay {
  seq: number;
}

/**
 * Rolls up every day that is dirty now, once each, one after another, waiting for the
 * project's lock (`cuepoint rollup now`, tests, catching up without a queue). Marks set while
 * it runs stay for the next call.
 */
export async function rollupDirtyDays(pool: pg.Pool, query: DirtyDayQuery = {}, options: RollupOptions = {}): Promise<RolledDay[]> {
  const done: RolledDay[] = [];
  for (const d of await listDirtyDays(pool, query)) {
    const { seq } = await rollupDay(pool, d.projectId, d.day, options);
    done.push({ ...d, seq });
  }
  return done;
}
