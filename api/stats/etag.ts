import { createHash } from 'node:crypto';

/** Bumped when the response format changes, so no client keeps a body of the old format. */
const FORMAT_VERSION = 'stats-2';

export interface EtagInput {
  projectId: string;
  endpoint: string;
  /** Every validated query parameter, defaults included (includeBots, limit). */
  params: Readonly<Record<string, string | number | boolean>>;
  /** Highest rollup_seq of the range's days and their count. */
  rollups: string;
  /** Catalog state: latest updated_at and count of videos, and of slots. */
  videos: string;
  slots: string;
  /** The same of conversion rules (the goals report names them). */
  rules: string;
  /** The project settings in use (currency lives there). */
  projectUpdatedAt: Date;
}

/**
 * A strong ETag: the same input always gives the same tag, and any input that can change a
 * figure (a rollup, a catalog edit, a settings change) or the request gives another.
 */
export function statsEtag(input: EtagInput): string {
  const params = Object.entries(input.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = JSON.stringify([
    FORMAT_VERSION,
    input.projectId,
    input.endpoint,
    params,
    input.rollups,
    input.videos,
    input.slots,
    input.rules,
    input.projectUpdatedAt.getTime(),
  ]);
  return strongTag(material);
}

/** Bumped when the funnel answer's format changes, so no client keeps a body of the old format. */
const FUNNEL_FORMAT_VERSION = 'funnels-1';

/**
 * A funnel answer's strong ETag, made from the body itself. Funnels read raw events, and no
 * cheap stamp says when those of a range changed (the rollup stamps above move only when a day
 * is rolled up; an erasure deletes events before it rolls the days up again), so the tag names
 * exactly the figures sent with it: those of the snapshot they were read in.
 */
export function funnelEtag(projectId: string, body: string): string {
  return strongTag(JSON.stringify([FUNNEL_FORMAT_VERSION, projectId, body]));
}

function strongTag(material: string): string {
  return `"${createHash('sha256').update(material).digest('base64url')}"`;
}

/**
 * Whether an `If-None-Match` header matches the current tag (RFC 9110 §13.1.2: a list of tags
 * or `*`, compared weakly, so `W/"x"` matches `"x"`).
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const opaque = stripWeak(etag);
  for (const match of trimmed.matchAll(/(?:W\/)?"[^"]*"/g)) {
    if (stripWeak(match[0]) === opaque) return true;
  }
  return false;
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
