import { createHash } from 'node:crypto';

/** Bumped when the funnel answer's format changes, so no client keeps a body of the old format. */
const FORMAT_VERSION = 'funnels-1';

/**
 * A funnel answer's strong ETag, made from the body itself. Funnels read raw events, and no
 * cheap stamp says when those of a range changed (the rollup stamps of the other stats move
 * only when a day is rolled up; an erasure deletes events before it rolls the days up again), so
 * the tag names exactly the figures sent with it: those of the snapshot they were read in.
 */
export function funnelEtag(projectId: string, body: string): string {
  return `"${createHash('sha256').update(JSON.stringify([FORMAT_VERSION, projectId, body])).digest('base64url')}"`;
}
