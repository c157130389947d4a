/**
 * What a metric is, in one entry (docs/architecture.md, "Metric registry"): its name in every
 * answer, its kind, how one day's facts aggregate into it, the levels it exists at and its
 * description. The rollup's select lists, the daily tables' column names, the stats row
 * mapping, the response schemas and the OpenAPI text are all generated from these entries.
 */

/**
 * Where a figure exists. Video figures are the sums (or the unioned sets) of their slots, so
 * additive metrics are stored at `project` and `slot` level and read at all three.
 */
export type Level = 'project' | 'video' | 'slot';

/**
 * The staged rows of one rollup day that additive metrics aggregate. Every source has the
 * columns `is_bot`, `video_id`, `slot_id` (null for events without a video), `visitor_id`:
 * - `events`: the day's raw events (type, seconds, target, …);
 * - `plays`: plays whose earliest start falls on the day;
 * - `milestones`: first crossings (percent) that fall on the day;
 * - `conversions`: the conversions that count on the day, attributed to a play's video and
 *   slot, with `value`, `currency`, `in_project_currency`, `goal_kind` and `goal`;
 * - `sessions`: the sessions that started on the day (a session counts once, on its start
 *   day), with `pageviews`, `bounce`, `duration` (seconds) and `is_new`; no video or slot.
 */
export type Source = 'events' | 'plays' | 'milestones' | 'conversions' | 'sessions';

/** JSON type of a figure: a whole count, or a fractional amount rounded to 4 decimals. */
export type ValueType = 'count' | 'decimal';

interface MetricBase<N extends string> {
  /** The field name in every stats answer. */
  readonly name: N;
  /** One sentence for the OpenAPI document and the README. */
  readonly description: string;
}

/** A figure that sums exactly from slot to video to project and across days. */
export interface AdditiveMetric<N extends string = string> extends MetricBase<N> {
  readonly kind: 'additive';
  /** `project` alone, or `project` and `slot` (and so `video`). */
  readonly levels: readonly ('project' | 'slot')[];
  readonly type: ValueType;
  /** Column in daily_project / daily_slot, and its SQL type. */
  readonly column: string;
  readonly sqlType: 'bigint' | 'double precision' | 'numeric';
  readonly source: Source;
  /**
   * The day aggregate over the source's rows, an SQL expression that is never null. At slot
   * level only rows with a video take part.
   */
  readonly aggregate: string;
  /**
   * The day aggregate at slot level (and per video in breakdowns) when it differs from
   * `aggregate`: a figure whose project total holds events that no video owns even when they
   * name one.
   */
  readonly slotAggregate?: string;
  /**
   * `currencyValues`: stats read it from the per-currency table in the project's current
   * currency, so it is always split the same way as the other currencies.
   */
  readonly readFrom?: 'currencyValues';
}

/** A distinct count: the size of the union of the range's member sets, never a sum. */
export interface DistinctMetric<N extends string = string> extends MetricBase<N> {
  readonly kind: 'distinct';
  readonly levels: readonly Level[];
  /** The stored set kind (a number in daily_sets / monthly_sets; never reused). */
  readonly setKind: number;
  /** Which member numbering its members use. */
  readonly members: 'visitor' | 'session';
  /**
   * The day's members: a select over the rollup's staged tables answering `is_bot`, `member`
   * and, for metrics with video or slot levels, `video_id` and `slot_id`.
   */
  readonly daySelect: string;
}

/** A ratio of two figures over the same range (never an average of daily ratios); null over 0. */
export interface RatioMetric<N extends string = string> extends MetricBase<N> {
  readonly kind: 'ratio';
  readonly numerator: string;
  readonly denominator: string;
}

export type MetricDefinition = AdditiveMetric | DistinctMetric | RatioMetric;
