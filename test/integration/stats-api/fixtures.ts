import type pg from 'pg';
import { encodeNumbers } from '../../helpers/bitmaps.js';
import type { Answer, Harness } from '../api/harness.js';

/**
 * Rows of the daily rollup tables written directly, the way a rollup would leave them: these
 * tests are about the read side, so they choose every figure themselves.
 */

/** The additive figures of a slot as stored (the test's own list, apart from the metric registry). */
export interface SlotColumns {
  plays: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  interactions: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  conversionValue: number;
}

export interface ProjectColumns extends SlotColumns {
  impressions: number;
  opens: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  sessionSeconds: number;
  sessionPages: number;
  newSessions: number;
  returningSessions: number;
}

/** Project-only columns (the site figures), apart from the slot ones. */
const PROJECT_COLUMNS = [
  ['impressions', 'impressions'],
  ['opens', 'opens'],
  ['pageviews', 'pageviews'],
  ['sessions', 'sessions'],
  ['bounces', 'bounces'],
  ['sessionSeconds', 'session_seconds'],
  ['sessionPages', 'session_pages'],
  ['newSessions', 'new_sessions'],
  ['returningSessions', 'returning_sessions'],
] as const;

const SLOT_COLUMNS = [
  ['plays', 'plays'],
  ['reach25', 'reach25'],
  ['reach50', 'reach50'],
  ['reach75', 'reach75'],
  ['reach100', 'reach100'],
  ['watchSeconds', 'watch_seconds'],
  ['interactions', 'interactions'],
  ['ctaClicks', 'cta_clicks'],
  ['detailClicks', 'detail_clicks'],
  ['choiceClicks', 'choice_clicks'],
  ['conversions', 'conversions'],
  ['conversionValue', 'conversion_value'],
] as const;

export { SET_KIND as KIND, slotScope, videoScope } from '../../../shared/sets/kinds.js';

export class Rollups {
  constructor(
    private readonly pool: pg.Pool,
    readonly projectId: string,
  ) {}

  async project(day: string, isBot: boolean, figures: Partial<ProjectColumns>): Promise<void> {
    const values: Record<string, number> = {};
    for (const [key, column] of [...PROJECT_COLUMNS, ...SLOT_COLUMNS]) values[column] = figures[key] ?? 0;
    await this.insert('daily_project', { project_id: this.projectId, day, is_bot: isBot, ...values });
  }

  async slot(day: string, videoId: string, slotId: string, isBot: boolean, figures: Partial<SlotColumns>): Promise<void> {
    const values: Record<string, number> = {};
    for (const [key, column] of SLOT_COLUMNS) values[column] = figures[key] ?? 0;
    await this.insert('daily_slot', { project_id: this.projectId, day, video_id: videoId, slot_id: slotId, is_bot: isBot, ...values });
  }

  async page(day: string, pageKey: string, isBot: boolean, opens: number): Promise<void> {
    await this.insert('daily_page', { project_id: this.projectId, day, page_key: pageKey, is_bot: isBot, opens });
  }

  async transition(day: string, from: string, to: string, isBot: boolean, count: number): Promise<void> {
    await this.insert('daily_transitions', { project_id: this.projectId, day, from_slot_id: from, to_slot_id: to, is_bot: isBot, count });
  }

  async value(day: string, videoId: string, slotId: string, currency: string, isBot: boolean, conversions: number, value: number): Promise<void> {
    await this.insert('daily_conversion_values', {
      project_id: this.projectId,
      day,
      video_id: videoId,
      slot_id: slotId,
      currency,
      is_bot: isBot,
      conversions,
      value,
    });
  }

  /** Per-day member set of one kind and scope; the numbers stand for members directly. */
  async members(day: string, kind: number, scope: string, isBot: boolean, members: readonly number[]): Promise<void> {
    const set = encodeNumbers(members);
    await this.insert('daily_sets', { project_id: this.projectId, day, kind, scope, is_bot: isBot, cardinality: set.cardinality, members: set.bytes });
  }

  /** Stamps a day as (re)built, the way a rollup ends; returns the new seq. */
  async goal(day: string, kind: 'rule' | 'event', goal: string, isBot: boolean, conversions: number): Promise<void> {
    await this.insert('daily_goals', { project_id: this.projectId, day, goal_kind: kind, goal, is_bot: isBot, conversions });
  }

  async stamp(day: string): Promise<string> {
    const { rows } = await this.pool.query<{ seq: string }>(
      `insert into rollup_days (project_id, day, seq) values ($1, $2::date, nextval('rollup_seq'))
       on conflict (project_id, day) do update set seq = excluded.seq, rolled_at = now()
       returning seq::text as seq`,
      [this.projectId, day],
    );
    return rows[0]!.seq;
  }

  private async insert(table: string, row: Record<string, string | number | boolean | Buffer>): Promise<void> {
    const columns = Object.keys(row);
    const placeholders = columns.map((_, i) => `$${i + 1}`);
    await this.pool.query(`insert into ${table} (${columns.join(', ')}) values (${placeholders.join(', ')})`, Object.values(row));
  }
}

export interface StatsQuery {
  from?: string;
  to?: string;
  includeBots?: string;
  limit?: string;
  [name: string]: string | undefined;
}

/** GET /v1/stats/<endpoint> with a bearer key. */
export function getStats(h: Harness, endpoint: string, key: string, query: StatsQuery | string, headers: Record<string, string> = {}): Promise<Answer> {
  const search =
    typeof query === 'string'
      ? query
      : new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return h.request('GET', `/v1/stats/${endpoint}?${search}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
}
