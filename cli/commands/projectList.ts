import { createPool } from '../../shared/db/pool.js';
import { cliContext, printJson } from '../context.js';

interface ProjectRow {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  allowed_origins: string[];
  created_at: Date;
  active_keys: Record<string, number> | null;
}

/** Every project with its settings and how many working keys of each kind it has (never the keys). */
export async function projectListCommand(): Promise<void> {
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    const { rows } = await pool.query<ProjectRow>(
      `select p.id, p.name, p.timezone, p.currency, p.allowed_origins, p.created_at,
              (select jsonb_object_agg(kind, n) from (select kind, count(*)::int as n from api_keys k
                 where k.project_id = p.id and k.revoked_at is null group by kind) counts) as active_keys
       from projects p order by p.created_at, p.id`,
    );
    printJson(
      rows.map((r) => ({
        projectId: r.id,
        name: r.name,
        timezone: r.timezone,
        currency: r.currency,
        allowedOrigins: r.allowed_origins,
        createdAt: r.created_at.toISOString(),
        activeKeys: r.active_keys ?? {},
      })),
    );
  } finally {
    await pool.end();
    await ctx.stop();
  }
}
