import type { ChildProcess } from 'node:child_process';
import { v5 as uuidv5 } from 'uuid';
import { startWeb, type WebServer } from '../../../api/server.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { spawnRole, stopRole, waitFor } from '../../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';

export interface StoredEvent {
  event_id: string;
  type: string;
  url: string | null;
  props: Record<string, unknown> | null;
}

/**
 * The whole ingest path a Segment client meets: the API on a real port, the worker as its own
 * process, a fresh database. Each test makes its own project, so counts are per test.
 */
export class SegmentApp {
  private constructor(
    readonly t: TestEnv,
    readonly web: WebServer,
    private readonly worker: ChildProcess,
    private readonly projects: ReadonlyMap<string, CreatedProject>,
  ) {}

  /** One project per name, made before the API starts so that its cache knows them all. */
  static async start(projectNames: readonly string[]): Promise<SegmentApp> {
    const t = await createTestEnv({ PORT: '0' });
    const projects = new Map<string, CreatedProject>();
    const orm = await initOrm(t.config);
    try {
      for (const name of projectNames) projects.set(name, await createProject(orm.em.fork(), { name, timezone: 'UTC' }));
    } finally {
      await orm.close();
    }
    const web = await startWeb(t.config, silentLog);
    const worker = spawnRole('worker/main.ts', t.env);
    return new SegmentApp(t, web, worker, projects);
  }

  project(name: string): CreatedProject {
    const found = this.projects.get(name);
    if (!found) throw new Error(`no project ${name}`);
    return found;
  }

  /** The id a stored Segment message has: UUIDv5 of its messageId in the project's namespace. */
  static eventId(projectId: string, messageId: string): string {
    return uuidv5(messageId, projectId);
  }

  async events(projectId: string): Promise<StoredEvent[]> {
    const { rows } = await this.t.pool.query<StoredEvent>('select event_id, type, url, props from events where project_id = $1 order by occurred_at, event_id', [projectId]);
    return rows;
  }

  async eventIdCount(projectId: string): Promise<number> {
    const { rows } = await this.t.pool.query<{ n: number }>('select count(*)::int as n from event_ids where project_id = $1', [projectId]);
    return rows[0]!.n;
  }

  /**
   * Waits until the project has `count` events, then a little longer, so a late duplicate would
   * show (the worker writes a job within milliseconds of its enqueue).
   */
  async settled(projectId: string, count: number, timeoutMs = 20_000): Promise<StoredEvent[]> {
    await waitFor(async () => ((await this.events(projectId)).length >= count ? true : undefined), timeoutMs, `${count} events`);
    await new Promise((r) => setTimeout(r, 1500));
    return this.events(projectId);
  }

  async close(): Promise<void> {
    await stopRole(this.worker);
    await this.web.close();
    await this.t.cleanup();
  }
}
