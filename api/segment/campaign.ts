import { given, objectAt, type JsonObject } from './messageFields.js';

/**
 * Segment's `context.campaign` is the UTM tags analytics.js read from the landing URL, under
 * its own names. Cuepoint reads a visit's source and campaign from its page view's URL, so the
 * tags go back into the URL, each only where the URL lacks it: what the URL says wins.
 */
const TAGS = [
  ['name', 'utm_campaign'],
  ['source', 'utm_source'],
  ['medium', 'utm_medium'],
  ['term', 'utm_term'],
  ['content', 'utm_content'],
] as const;

/** `url` with the message's campaign tags it lacks; the URL unchanged (the same string) when it lacks none. */
export function withCampaign(url: string, message: JsonObject): string {
  const campaign = objectAt(objectAt(message, 'context'), 'campaign');
  const missing = TAGS.flatMap(([member, param]) => {
    const value = tagText(campaign[member]);
    return value === undefined ? [] : [[param, value] as const];
  });
  if (missing.length === 0) return url;
  const parsed = new URL(url);
  let changed = false;
  for (const [param, value] of missing) {
    if (parsed.searchParams.has(param)) continue;
    parsed.searchParams.append(param, value);
    changed = true;
  }
  return changed ? parsed.href : url;
}

function tagText(value: unknown): string | undefined {
  if (!given(value)) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' && value.isWellFormed() ? value : undefined;
}
