import { loadConfig } from '../../shared/config.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { shardOf } from '../../shared/queue/shards.js';
import { databaseUrl, recreateDatabase } from '../lib/database.js';

/**
 * A fresh database with `count` projects. A deployment's shards share its projects (each project's
 * jobs keep one shard), so the load is spread over many write keys, as a real deployment's is.
 */
export async function recreateWithProjects(database: string, count: number): Promise<CreatedProject[]> {
  const first = await recreateDatabase(database);
  const config = loadConfig({ DATABASE_URL: databaseUrl(database), LOG_LEVEL: 'silent' });
  const orm = await initOrm(config);
  try {
    const more: CreatedProject[] = [];
    for (let i = 1; i < count; i++) more.push(await createProject(orm.em.fork(), { name: `shard bench ${i}`, timezone: 'Europe/Paris' }));
    return [first, ...more];
  } finally {
    await orm.close();
  }
}

/** How many of the projects each shard gets, by the same routing the web process uses. */
export function projectsPerShard(projects: readonly CreatedProject[], shards: number): number[] {
  const counts = Array.from({ length: shards }, () => 0);
  for (const p of projects) counts[shardOf(p.projectId, shards)] = (counts[shardOf(p.projectId, shards)] ?? 0) + 1;
  return counts;
}
