import type { Distincts, Sums } from '../../shared/metrics/levels.js';

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
  /** The same of its conversion rules, whose names the goals report shows. */
  rules: string;
  /** When the latest rollup of a day of the range ran; null before any day is rolled up. */
  rolledAt: Date | null;
}

export interface DayFigures {
  sums: Sums<'project'>;
  distincts: Distincts<'project'>;
  /** Conversion values in currencies other than the project's. */
  otherCurrencies: Record<string, number>;
}

export interface OverviewFigures {
  totals: DayFigures;
  /** Only the days that have rows; the caller zero-fills the rest. */
  days: Map<string, DayFigures>;
}

/** Sums and distinct counts of a video, one of its slots, or the videos past a limit together. */
export interface VideoLevelFigures {
  sums: Sums<'video'>;
  distincts: Distincts<'video'>;
}

export interface SlotRow extends VideoLevelFigures {
  videoId: string;
  slotId: string;
}

export interface VideoRow extends VideoLevelFigures {
  videoId: string;
  title: string | null;
  slots: SlotRow[];
}

export interface VideosFigures {
  videos: VideoRow[];
  /** The videos past the limit, together (distinct figures over all of them); undefined when none. */
  other: VideoLevelFigures | undefined;
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
  /** Choice clicks from `fromSlotId` to any slot: the denominator of `share`. */
  fromSlotChoices: number;
  /** count / fromSlotChoices, rounded to 4 decimals. */
  share: number;
}

export interface TransitionsFigures {
  transitions: TransitionRow[];
  /** The transitions past the limit, together; undefined when none. */
  other: { count: number } | undefined;
}

export interface GoalRow {
  kind: 'rule' | 'event';
  /** The rule's id, or the conversion type. */
  goal: string;
  /** The rule's name (null once the rule is deleted), or the conversion type. */
  name: string | null;
  conversions: number;
  /** Values of its counted conversions in the project currency. */
  value: number;
  /** The videos and slots its conversions are attributed to, by conversions; bounded. */
  videos: GoalVideoRow[];
  /** The pairs past the listed ones, together; undefined when none. */
  videosOther: { conversions: number; value: number } | undefined;
}

export interface GoalVideoRow {
  videoId: string;
  slotId: string;
  conversions: number;
  value: number;
}

export interface GoalsFigures {
  goals: GoalRow[];
  other: { conversions: number; value: number } | undefined;
}
