/**
 * What a journey keeps of one event, in `journey_events.data`: the contract fields that have a
 * column in `events`, by their contract names, and everything else under `props` (a page's
 * title, a form's id, fields and outcome, a custom event's own props). Copies of stored events
 * (the worker) and of the tracker's unsent buffer (the API) both take this shape, so the
 * dashboard reads one.
 */
export const JOURNEY_FIELDS = [
  'sessionId',
  'url',
  'referrer',
  'videoId',
  'slotId',
  'toSlotId',
  'playId',
  'percent',
  'seconds',
  'target',
  'label',
  'conversionType',
  'value',
  'currency',
  'orderId',
  'name',
] as const;
export type JourneyField = (typeof JOURNEY_FIELDS)[number];

export type JourneyEventData = Partial<Record<JourneyField, string | number>> & { props?: Record<string, unknown> };

/** At most this many events are frozen into one journey: the latest ones before the promote. */
export const MAX_JOURNEY_EVENTS = 5000;
