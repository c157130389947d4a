import { createHash } from 'node:crypto';

/**
 * The tombstone of a visitor: SHA-256 hex of `projectId:visitorId`, both lowercased as PostgreSQL
 * prints UUIDs, so the API (which sees the client's spelling) and the worker (which reads stored
 * rows) compute the same hash. The id itself is never stored once erased.
 */
export function visitorHash(projectId: string, visitorId: string): string {
  return createHash('sha256').update(`${projectId.toLowerCase()}:${visitorId.toLowerCase()}`).digest('hex');
}
