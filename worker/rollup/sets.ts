import type pg from 'pg';
import { encodeInt4Be, unionSets, type EncodedSet } from '../../shared/sets/bitmap.js';
import { NUMBERING } from '../../shared/sets/kinds.js';
import { BREAKDOWN_SETS_SQL } from './breakdownSql.js';
import { runs } from '../../shared/sets/runs.js';
import {
  DAY_SETS_SQL,
  DELETE_MONTH_SETS_SQL,
  INSERT_DAY_SETS_SQL,
  INSERT_MONTH_SETS_SQL,
  MONTH_DAY_SETS_SQL,
  MONTH_STALE_SQL,
  MONTH_STAMP_SQL,
  DAY_MEMBERS_SQL,
  DAY_NUMBERS_SQL,
  FRESH_COUNTS_SQL,
  INSERT_DAY_VISITOR_GOALS_SQL,
  INSERT_NUMBERS_SQL,
  RESERVE_NUMBERS_SQL,
  STAMP_MONTH_SQL,
} from './setSql.js';

interface SetKey {
  kind: number;
  scope: string;
  is_bot: boolean;
}

interface DaySetRow extends SetKey {
  numbers: Buffer;
  missing: number;
}

interface StoredSetRow extends SetKey {
  members: Buffer;
}

type EncodedRow = SetKey & EncodedSet;

/**
 * Writes the day's member sets, numbering new visitors and sessions first. Runs inside the
 * rollup's transaction, after the day's rows are staged.
 */
export async function writeDaySets(client: pg.PoolClient, projectId: string, day: string): Promise<void> {
  await client.query(DAY_MEMBERS_SQL, [projectId]);
  const firsts = await reserveNumbers(client, projectId);
  await client.query(DAY_NUMBERS_SQL, [firsts[NUMBERING.visitor], firsts[NUMBERING.session]]);
  await client.query(INSERT_NUMBERS_SQL, [projectId]);
  await client.query('analyze day_numbers');
  await client.query(INSERT_DAY_VISITOR_GOALS_SQL, [projectId, day]);
  const { rows: plain } = await client.query<DaySetRow>(DAY_SETS_SQL);
  // The planner takes the breakdown sets for hundreds of thousands of groups (it multiplies the
  // keys' distinct counts) and sorts every member row by them; they are a few thousand, which
  // hashing groups in half the time. The same groups and members either way.
  await client.query('set local enable_sort = off');
  const { rows: breakdowns } = await client.query<DaySetRow>(BREAKDOWN_SETS_SQL);
  await client.query('set local enable_sort = on');
  const rows = [...plain, ...breakdowns];
  const unnumbered = rows.find((r) => r.missing > 0);
  if (unnumbered) {
    throw new Error(`${unnumbered.missing} members of set ${unnumbered.kind}/${unnumbered.scope} have no number`);
  }
  const sets = rows.map((r): EncodedRow => ({ kind: r.kind, scope: r.scope, is_bot: r.is_bot, ...encodeInt4Be(r.numbers) }));
  await client.query(INSERT_DAY_SETS_SQL, [projectId, day, ...columns(sets)]);
}

/** Per numbering kind, the first number of the block reserved for the day's new members. */
async function reserveNumbers(client: pg.PoolClient, projectId: string | undefined): Promise<Record<number, string>> {
  const firsts: Record<number, string> = { [NUMBERING.visitor]: '0', [NUMBERING.session]: '0' };
  const { rows } = await client.query<{ kind: number; fresh: number }>(FRESH_COUNTS_SQL);
  for (const { kind, fresh } of rows) {
    const reserved = await client.query<{ next_n: string }>(RESERVE_NUMBERS_SQL, [projectId, kind, fresh]);
    const next = BigInt(reserved.rows[0]?.next_n ?? '0');
    firsts[kind] = String(next - BigInt(fresh));
  }
  return firsts;
}

/**
 * Replaces the pre-merged sets of one month (its first day) with the union of its day sets,
 * stamped with the month's rollup stamp read in the same snapshot (the caller's REPEATABLE
 * READ transaction), so stats use the merge only while no day of the month has been rolled
 * up since. The caller holds the project's rollup lock, so merges never interleave.
 */
export async function mergeMonth(client: pg.PoolClient, projectId: string, month: string): Promise<void> {
  const stamp = (await client.query<{ stamp: string }>(MONTH_STAMP_SQL, [projectId, month])).rows[0]?.stamp ?? '0/0';
  const { rows } = await client.query<StoredSetRow>(MONTH_DAY_SETS_SQL, [projectId, month]);
  const merged: EncodedRow[] = [];
  for (const group of runs(rows, (a, b) => a.kind === b.kind && a.scope === b.scope && a.is_bot === b.is_bot)) {
    const { kind, scope, is_bot } = group[0];
    merged.push({ kind, scope, is_bot, ...unionSets(group.map((r) => r.members)) });
  }
  await client.query(DELETE_MONTH_SETS_SQL, [projectId, month]);
  await client.query(INSERT_MONTH_SETS_SQL, [projectId, month, ...columns(merged)]);
  await client.query(STAMP_MONTH_SQL, [projectId, month, stamp]);
}

/** Whether `month` (its first day) has rolled-up days its merged sets do not reflect. */
export async function monthIsStale(client: pg.PoolClient, projectId: string, month: string): Promise<boolean> {
  const { rows } = await client.query<{ stale: boolean }>(MONTH_STALE_SQL, [projectId, month]);
  return rows[0]?.stale ?? false;
}

function columns(sets: readonly EncodedRow[]): [number[], string[], boolean[], number[], Buffer[]] {
  return [sets.map((s) => s.kind), sets.map((s) => s.scope), sets.map((s) => s.is_bot), sets.map((s) => s.cardinality), sets.map((s) => s.bytes)];
}
