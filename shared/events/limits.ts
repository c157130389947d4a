/** Column caps of the ingest contract; every typed column has one. */
export const LIMITS = {
  urlChars: 2048,
  labelChars: 256,
  /** An identify event's userId: the site's own account id, stored as sent. */
  userIdChars: 200,
  titleChars: 1024,
  maxSeconds: 86_400,
  /**
   * A media position (`video_time` from/to, `video_play` duration): a day of media. Longer
   * streams are live streams, whose position is not a place in a video anyone can drop off at.
   */
  maxMediaSeconds: 86_400,
  /**
   * How much longer than the seconds it reports a `video_time`'s played range may be: the range
   * is where playback went, `seconds` what was counted, and a playback rate above 1 or a
   * position read between timer ticks makes them differ; a range far longer is a seek in disguise.
   */
  maxRangeOverSeconds: 5,
  /** numeric(16,4): the largest magnitude a conversion value may have. */
  maxValue: 999_999_999_999,
  propsBytes: 32 * 1024,
  maxDepth: 10,
  formFields: 200,
  /** A form field's input type (`email`, `tel`, `select-one` …). */
  formFieldTypeChars: 64,
  /** A form field's value length in characters, as the tracker reports it. */
  maxFormValueLength: 100_000,
  /** A page_exit's timeOnPageMs: a week; stored values are clamped to a day. */
  maxTimeOnPageMs: 7 * 86_400_000,
  maxScreenPixels: 100_000,
  maxTouchPoints: 256,
  /** How far a corrected time may lie ahead of receivedAt before it is rejected (clamped below). */
  futureToleranceMs: 3_600_000,
} as const;

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
