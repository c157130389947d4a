import type { EntityManager } from '@mikro-orm/postgresql';
import { visitorHash } from '../../shared/erasure/visitorHash.js';
import type { CachedProject } from './snapshot.js';

const TOMBSTONES_SQL = `select project_id, visitor_hash from erased_visitors`;

/**
 * Every project's tombstones, read in the snapshot's transaction. Erasures are rare requests of
 * people, so the table stays small next to the events it keeps out; 64 hex characters each.
 */
export async function loadTombstones(em: EntityManager): Promise<Map<string, Set<string>>> {
  const rows = await em.execute<{ project_id: string; visitor_hash: string }[]>(TOMBSTONES_SQL);
  const byProject = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = byProject.get(row.project_id);
    if (!set) byProject.set(row.project_id, (set = new Set()));
    set.add(row.visitor_hash);
  }
  return byProject;
}

/** Whether the visitor of an incoming event was erased; no hash is computed for a project without erasures. */
export function isErasedVisitor(project: CachedProject, visitorId: string): boolean {
  const erased = project.erasedVisitors;
  return erased !== undefined && erased.size > 0 && erased.has(visitorHash(project.id, visitorId));
}
