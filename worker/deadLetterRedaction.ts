import { parseHttpUrl, stripUrl } from '../shared/events/pageUrl.js';

/**
 * Dead letters keep a failed job's events so they can be replayed, but never more of a page
 * address than a stored event keeps: query strings carry e-mail addresses and tokens. The
 * stripped address normalizes exactly as the original did, so a replay stores the same row.
 */
export function redactPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const events = payload.events;
  if (!Array.isArray(events)) return payload;
  const allowlist = Array.isArray(payload.queryAllowlist) ? payload.queryAllowlist.filter((k): k is string => typeof k === 'string') : [];
  return { ...payload, events: events.map((event: unknown) => redactEvent(event, allowlist)) };
}

function redactEvent(event: unknown, allowlist: readonly string[]): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const field of ['url', 'referrer'] as const) {
    const value = copy[field];
    if (typeof value !== 'string') continue;
    const url = parseHttpUrl(value);
    // Not an http(s) address: the event was refused for it and keeps nothing to leak but the text itself.
    copy[field] = url ? stripUrl(url, allowlist) : value.slice(0, 64);
  }
  return copy;
}
