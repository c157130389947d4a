/** A dead letter's payload once the erased visitor's events are taken out of it. */
export interface StrippedPayload {
  payload: unknown;
  /** Events of the visitor taken out. */
  removed: number;
  /** Events of anyone else left in it: none means the letter can go as a whole. */
  remaining: number;
}

/**
 * Takes the events of `visitorId` out of a dead letter's payload: a v1 job (`events`), a bundle
 * (`requests[].events`), or anything else that holds `events` arrays at any depth. Other
 * visitors' failed events stay replayable. Pure; ids compare without regard to case, as the
 * client may have sent them in either.
 */
export function withoutVisitorEvents(payload: unknown, visitorId: string): StrippedPayload {
  const target = visitorId.toLowerCase();
  let removed = 0;
  let remaining = 0;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'events' && Array.isArray(inner)) {
        const kept = inner.filter((event) => !isVisitors(event, target));
        removed += inner.length - kept.length;
        remaining += kept.length;
        out[key] = kept;
      } else {
        out[key] = strip(inner);
      }
    }
    return out;
  };
  return { payload: strip(payload), removed, remaining };
}

function isVisitors(event: unknown, visitorId: string): boolean {
  if (event === null || typeof event !== 'object') return false;
  const id = (event as Record<string, unknown>).visitorId;
  return typeof id === 'string' && id.toLowerCase() === visitorId;
}
