import type { ProjectDistincts, ProjectSums, SlotSums } from './metrics.js';

/** What the stats queries answer, before the reports shape it into responses. */

/** The rows a stats request reads: one project, an inclusive range of its local days. */
export interface StatsScope {
  projectId: string;
  from: string;
  to: string;
  includeBots: boolean;
}

/** What the ETag is built from besides the request itself; one cheap indexed query. */
export interface Freshness {
  /** Highest rollup_seq stamped on a day of the range, and how many days of it are rolled up. */
  rollups: string;
  /** Latest updated_at of the project's videos and slots, with their counts (a delete changes those). */
  videos: string;
  slots: string;
}

export interface DayFigures {
  sums: ProjectSums;
  distincts: ProjectDistincts;
  /** Conversion values in currencies other than the project's. */
  otherCurrencies: Record<string, number>;
}

export interface OverviewFigures {
  totals: DayFigures;
  /** Only the days that have rows; the caller zero-fills the rest. */
  days: Map<string, DayFigures>;
}

export interface SlotRow {
  videoId: string;
  slotId: string;
  sums: SlotSums;
  viewers: number;
}

export interface VideoRow {
  videoId: string;
  title: string | null;
  sums: SlotSums;
  viewers: number;
  slots: SlotRow[];
}

export interface PageRow {
  url: string;
  opens: number;
  visitors: number;
}

export interface PagesFigures {
  pages: PageRow[];
  /** The pages past the limit, together; undefined when there are none. */
  other: { opens: number; visitors: number } | undefined;
}

export interface TransitionRow {
  fromSlotId: string;
  toSlotId: string;
  count: number;
}
