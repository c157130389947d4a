import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import type { SlotColumns } from '../stats-api/fixtures.js';
import { decodeSet } from '../../helpers/bitmaps.js';
import { NUMBERING, SET_KIND } from '../../../shared/sets/kinds.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import { EventWriter, type WriteResult } from '../../../worker/persist/eventWriter.js';
import { rollupDirtyDays, type RolledDay } from '../../../worker/rollup/dirty.js';
import { CHROME, job } from '../worker/helpers.js';

export const BOT_UA = 'curl/8.5.0';

export interface TestProject {
  id: string;
  timezone: string;
}

export async function createProject(
  pool: pg.Pool,
  opts: { timezone?: string; currency?: string; windowDays?: number } = {},
): Promise<TestProject> {
  const id = randomUUID();
  const timezone = opts.timezone ?? 'UTC';
  await pool.query(
    `insert into projects (id, name, timezone, currency, conversion_window_days, created_at, updated_at)
     values ($1, $2, $3, $4, $5, now(), now())`,
    [id, `p-${timezone}`, timezone, opts.currency ?? 'USD', opts.windowDays ?? 30],
  );
  return { id, timezone };
}

export async function addRule(pool: pg.Pool, projectId: string, kind: 'exact' | 'prefix' | 'pattern', pattern: string): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into conversion_rules (id, project_id, name, kind, pattern, created_at, updated_at) values ($1, $2, $3, $4, $5, now(), now())`,
    [id, projectId, `${kind} ${pattern}`.slice(0, 200), kind, pattern],
  );
  return id;
}

export interface Visitor {
  visitorId: string;
  sessionId: string;
}

export function visitor(): Visitor {
  return { visitorId: randomUUID(), sessionId: randomUUID() };
}

/** The same visitor in a new session. */
export function newSession(v: Visitor): Visitor {
  return { visitorId: v.visitorId, sessionId: randomUUID() };
}

export type Raw = Record<string, unknown> & { id: string; ts: number };
type Fields = Record<string, unknown>;

const at = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));
const base = (type: string, v: Visitor, t: string | number, fields: Fields): Raw => ({
  id: randomUUID(),
  type,
  ts: at(t),
  visitorId: v.visitorId,
  sessionId: v.sessionId,
  ...fields,
});

/** Builders of raw ingest events (what the API puts in a job), at an ISO instant or epoch ms. */
export const ev = {
  impression: (v: Visitor, t: string | number, url = 'https://shop.example/p') => base('impression', v, t, { url }),
  open: (v: Visitor, t: string | number, url = 'https://shop.example/p') => base('widget_open', v, t, { url }),
  pageView: (v: Visitor, t: string | number, url: string) => base('page_view', v, t, { url }),
  play: (v: Visitor, t: string | number, playId: string, videoId = 'v1', slotId = 's1') =>
    base('video_play', v, t, { playId, videoId, slotId }),
  progress: (v: Visitor, t: string | number, playId: string, percent: number, videoId = 'v1', slotId = 's1') =>
    base('video_progress', v, t, { playId, videoId, slotId, percent }),
  time: (v: Visitor, t: string | number, playId: string, seconds: number, videoId = 'v1', slotId = 's1') =>
    base('video_time', v, t, { playId, videoId, slotId, seconds }),
  click: (v: Visitor, t: string | number, target: 'cta' | 'detail' | 'choice', videoId = 'v1', slotId = 's1', toSlotId?: string) =>
    base('click', v, t, { videoId, slotId, target, ...(toSlotId === undefined ? {} : { toSlotId }) }),
  conversion: (v: Visitor, t: string | number, fields: { value?: number; currency?: string; orderId?: string } = {}) =>
    base('conversion', v, t, { conversionType: 'purchase', ...fields }),
};

/**
 * Stores raw events the way the worker does: each is normalized (received 1 s after its
 * ts, so its corrected time is its ts) and the whole list goes to the real EventWriter as
 * one batch, facts and dirty marks included.
 */
export class Ingest {
  readonly writer: EventWriter;

  constructor(pool: pg.Pool) {
    this.writer = new EventWriter(pool);
  }

  /**
   * `fromServer`: as if sent with the project's secret server key (no browser context);
   * `queryAllowlist`: the project's, as the API puts it in the job.
   */
  async write(
    project: TestProject,
    events: readonly Raw[],
    opts: { userAgent?: string; fromServer?: boolean; queryAllowlist?: string[] } = {},
  ): Promise<WriteResult> {
    const items = events.map((raw) => {
      const context = job(project.id, [], {
        timezone: project.timezone,
        receivedAt: raw.ts + 1000,
        context: opts.fromServer ? { userAgent: null, country: null, ipPrefix: null } : { userAgent: opts.userAgent ?? CHROME, country: 'JP', ipPrefix: null },
        fromServer: opts.fromServer === true,
        queryAllowlist: opts.queryAllowlist ?? [],
      });
      const row = normalizeEvent(raw, context, { maxEventAgeMs: 400 * 86_400_000 });
      if (row instanceof ToDeadLetter) throw new Error(`test event rejected: ${row.describe()}`);
      return { row, timezone: project.timezone };
    });
    return this.writer.write(items);
  }
}

/**
 * A fresh test database and event writer before each test of the suite, dropped after it;
 * `use` receives them (`eachTestEnv((env) => { ({ t, ingest } = env); })`).
 */
export function eachTestEnv(use: (env: { t: TestEnv; ingest: Ingest }) => void): void {
  let current: TestEnv | undefined;
  beforeEach(async () => {
    current = await createTestEnv();
    use({ t: current, ingest: new Ingest(current.pool) });
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
}

/** Runs every pending dirty mark once. */
export function rollupAll(pool: pg.Pool, projectId?: string): Promise<RolledDay[]> {
  return rollupDirtyDays(pool, projectId === undefined ? {} : { projectId });
}

export async function dirtyDays(pool: pg.Pool, projectId: string): Promise<string[]> {
  const { rows } = await pool.query<{ day: string }>(`select day::text as day from dirty_days where project_id = $1 order by day`, [projectId]);
  return rows.map((r) => r.day);
}

/** The additive figures of a slot as stored, but interactions (checked on their own). */
export type SlotFigures = Omit<SlotColumns, 'interactions'>;

const FIGURES = `plays::int as "plays", reach25::int as "reach25", reach50::int as "reach50", reach75::int as "reach75",
  reach100::int as "reach100", watch_seconds as "watchSeconds", cta_clicks::int as "ctaClicks", detail_clicks::int as "detailClicks",
  choice_clicks::int as "choiceClicks", conversions::int as "conversions", conversion_value::float8 as "conversionValue"`;

/** daily_slot rows of a day, keyed `video/slot` (non-bot unless asked). */
export async function slots(pool: pg.Pool, projectId: string, day: string, isBot = false): Promise<Record<string, SlotFigures>> {
  const { rows } = await pool.query<SlotFigures & { key: string }>(
    `select video_id || '/' || slot_id as key, ${FIGURES} from daily_slot where project_id = $1 and day = $2 and is_bot = $3 order by 1`,
    [projectId, day, isBot],
  );
  return Object.fromEntries(rows.map(({ key, ...f }) => [key, f]));
}

export interface ProjectFigures extends SlotFigures {
  impressions: number;
  opens: number;
}

export async function projectDay(pool: pg.Pool, projectId: string, day: string, isBot = false): Promise<ProjectFigures | undefined> {
  const { rows } = await pool.query<ProjectFigures>(
    `select impressions::int as "impressions", opens::int as "opens", ${FIGURES} from daily_project where project_id = $1 and day = $2 and is_bot = $3`,
    [projectId, day, isBot],
  );
  return rows[0];
}

/** Conversions per `video/slot` on a day (non-bot rows; bots never convert). */
export async function conversions(pool: pg.Pool, projectId: string, day: string): Promise<Record<string, number>> {
  const all = await slots(pool, projectId, day);
  return Object.fromEntries(Object.entries(all).filter(([, f]) => f.conversions > 0).map(([k, f]) => [k, f.conversions]));
}

/** Members (uuids) of a per-day set, sorted: the set's numbers looked up in member_numbers. */
export async function members(pool: pg.Pool, projectId: string, day: string, kind: number, scope = '', isBot = false): Promise<string[]> {
  const { rows } = await pool.query<{ members: Buffer }>(
    `select members from daily_sets where project_id = $1 and day = $2 and kind = $3 and scope = $4 and is_bot = $5`,
    [projectId, day, kind, scope, isBot],
  );
  const numbers = rows[0] ? decodeSet(rows[0].members) : [];
  const numbering = kind === SET_KIND.pageSession ? NUMBERING.session : NUMBERING.visitor;
  const found = await pool.query<{ member: string }>(
    `select member from member_numbers where project_id = $1 and kind = $2 and n = any($3::int[]) order by member`,
    [projectId, numbering, numbers],
  );
  if (found.rows.length !== numbers.length) throw new Error(`set ${kind}/${scope} holds numbers that name no member`);
  return found.rows.map((r) => r.member);
}

/** Every daily row of a project, as comparable text, for "run twice, same rows". */
export async function dumpDaily(pool: pg.Pool, projectId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ['daily_project', 'daily_slot', 'daily_page', 'daily_transitions', 'daily_conversion_values', 'daily_sets']) {
    const { rows } = await pool.query<{ r: string }>(`select t::text as r from ${table} t where project_id = $1 order by 1`, [projectId]);
    out[table] = rows.map((r) => r.r);
  }
  return out;
}
