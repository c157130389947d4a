import type pg from 'pg';
import { MAX_FUNNELS_PER_PROJECT, type FunnelInput, type FunnelStep, type StoredFunnel } from './definition.js';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const COLUMNS = 'id, name, steps, unit, window_days, mode, created_at, updated_at';

const INSERT_FUNNEL_SQL = `insert into funnels (id, project_id, name, steps, unit, window_days, mode, created_at, updated_at)
  values (gen_random_uuid(), $1, $2, $3::jsonb, $4, $5, $6, now(), now())
  returning ${COLUMNS}`;
/** Bounded by the cap on creation; the limit keeps it so should the cap ever be raced past. */
const LIST_FUNNELS_SQL = `select ${COLUMNS} from funnels where project_id = $1 order by created_at, id limit ${MAX_FUNNELS_PER_PROJECT}`;
const GET_FUNNEL_SQL = `select ${COLUMNS} from funnels where project_id = $1 and id = $2`;
const COUNT_FUNNELS_SQL = `select count(*)::int as n from funnels where project_id = $1`;
const UPDATE_FUNNEL_SQL = `update funnels set name = $3, steps = $4::jsonb, unit = $5, window_days = $6, mode = $7, updated_at = now()
  where project_id = $1 and id = $2
  returning ${COLUMNS}`;
const DELETE_FUNNEL_SQL = `delete from funnels where project_id = $1 and id = $2`;

interface Row {
  id: string;
  name: string;
  steps: FunnelStep[];
  unit: FunnelInput['unit'];
  window_days: number;
  mode: FunnelInput['mode'];
  created_at: Date;
  updated_at: Date;
}

function toFunnel(r: Row): StoredFunnel {
  return { id: r.id, name: r.name, steps: r.steps, unit: r.unit, windowDays: r.window_days, mode: r.mode, createdAt: r.created_at, updatedAt: r.updated_at };
}

function values(f: FunnelInput): unknown[] {
  return [f.name, JSON.stringify(f.steps), f.unit, f.windowDays, f.mode];
}

export async function insertFunnel(db: Queryable, projectId: string, f: FunnelInput): Promise<StoredFunnel> {
  const row = (await db.query<Row>(INSERT_FUNNEL_SQL, [projectId, ...values(f)])).rows[0];
  if (!row) throw new Error('insert into funnels returned no row');
  return toFunnel(row);
}

export async function listFunnels(db: Queryable, projectId: string): Promise<StoredFunnel[]> {
  return (await db.query<Row>(LIST_FUNNELS_SQL, [projectId])).rows.map(toFunnel);
}

/** The project's funnel, or undefined (another project's is not found either). */
export async function findFunnel(db: Queryable, projectId: string, id: string): Promise<StoredFunnel | undefined> {
  const row = (await db.query<Row>(GET_FUNNEL_SQL, [projectId, id])).rows[0];
  return row ? toFunnel(row) : undefined;
}

export async function countFunnels(db: Queryable, projectId: string): Promise<number> {
  return (await db.query<{ n: number }>(COUNT_FUNNELS_SQL, [projectId])).rows[0]?.n ?? 0;
}

export async function updateFunnel(db: Queryable, projectId: string, id: string, f: FunnelInput): Promise<StoredFunnel | undefined> {
  const row = (await db.query<Row>(UPDATE_FUNNEL_SQL, [projectId, id, ...values(f)])).rows[0];
  return row ? toFunnel(row) : undefined;
}

/** True when the project had the funnel. */
export async function deleteFunnel(db: Queryable, projectId: string, id: string): Promise<boolean> {
  return ((await db.query(DELETE_FUNNEL_SQL, [projectId, id])).rowCount ?? 0) > 0;
}
