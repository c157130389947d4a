import type { IngestEvent } from '../../shared/events/schema.js';
import { storedPageUrl } from '../../shared/events/pageUrl.js';
import { JOURNEY_FIELDS, type JourneyEventData } from '../../shared/journeys/eventData.js';

/** The event's identity and time have their own columns in `journey_events`. */
const OWN_COLUMNS = new Set(['id', 'type', 'ts', 'visitorId']);
const FIELDS: ReadonlySet<string> = new Set(JOURNEY_FIELDS);

/**
 * A journey's copy of one event from the tracker's unsent buffer, in the shape the worker gives
 * stored events. Addresses keep only what a stored event keeps (scheme, host, path, campaign
 * tags and allowlisted parameters): a query string can carry an e-mail or a token.
 */
export function clientCopy(event: IngestEvent, queryAllowlist: readonly string[]): JourneyEventData {
  const data: JourneyEventData = {};
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (OWN_COLUMNS.has(key) || value === undefined) continue;
    if (FIELDS.has(key) && (typeof value === 'string' || typeof value === 'number')) {
      const kept = key === 'url' || key === 'referrer' ? keptAddress(value, queryAllowlist) : value;
      if (kept !== undefined) data[key as keyof JourneyEventData] = kept as never;
    } else if (event.type === 'custom' && key === 'props' && isPlainObject(value)) {
      for (const [name, prop] of Object.entries(value)) define(props, name, prop);
    } else {
      define(props, key, value);
    }
  }
  if (Object.keys(props).length > 0) data.props = props;
  return data;
}

function keptAddress(value: string | number, queryAllowlist: readonly string[]): string | undefined {
  return typeof value === 'string' ? storedPageUrl(value, queryAllowlist)?.url : undefined;
}

/** defineProperty, not assignment: a `__proto__` key must stay data, never become a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
