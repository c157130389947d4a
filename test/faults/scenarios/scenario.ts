import { initOrm } from '../../../shared/db/orm.js';
import { createProject } from '../../../shared/projects/createProject.js';
import { IngestStream, type StreamOptions } from '../client/ingestStream.js';
import { QueueState } from '../check/queueState.js';
import { tally, type Tally } from '../check/tally.js';
import { Deployment } from '../infra/deployment.js';
import type { PrivateServers, ScenarioStore } from '../infra/privateServers.js';
import type { FaultSize } from './size.js';

/** What one scenario works with: its database and queue, its processes, a project to post to. */
export interface Scenario {
  store: ScenarioStore;
  deployment: Deployment;
  queues: QueueState;
  writeKey: string;
  size: FaultSize;
  /** Starts streaming `size.events` events over at least `seconds` (0: unpaced) through every web process. */
  stream(seconds: number, overrides?: Partial<StreamOptions>): IngestStream;
  /** Waits until the queue is empty, then compares PostgreSQL with the client's ledger. */
  settle(stream: IngestStream, timeoutMs?: number): Promise<Tally>;
}

/**
 * Runs `body` on a fresh database and key prefix with a deployment it can start roles in;
 * whatever happens, every process is killed and the database dropped afterwards. On failure
 * the processes' log tails are attached to the error.
 */
export async function inScenario<T>(
  servers: PrivateServers,
  size: FaultSize,
  env: Record<string, string>,
  body: (s: Scenario) => Promise<T>,
): Promise<T> {
  const store = await servers.newStore();
  const deployment = new Deployment(store, env);
  const queues = new QueueState(store);
  try {
    const writeKey = await newProject(store.databaseUrl);
    const scenario: Scenario = {
      store,
      deployment,
      queues,
      writeKey,
      size,
      stream: (seconds, overrides = {}) =>
        new IngestStream({
          urls: () => deployment.webUrls,
          writeKey,
          events: size.events,
          eventsPerRequest: size.eventsPerRequest,
          concurrency: size.concurrency,
          eventsPerSecond: seconds > 0 ? size.events / seconds : 0,
          giveUpAfterMs: 120_000,
          ...overrides,
        }),
      settle: async (stream, timeoutMs = 120_000) => {
        await stream.done;
        await queues.drained(timeoutMs);
        return tally(store.pool, stream.ledger);
      },
    };
    return await body(scenario);
  } catch (err) {
    if (err instanceof Error) err.message += `\n${deployment.logs()}`;
    throw err;
  } finally {
    await deployment.killAll();
    await queues.close();
    // The servers may have been left down by a failed scenario; the next one needs them.
    await servers.redis.start();
    await servers.postgres.start();
    await store.drop();
  }
}

async function newProject(databaseUrl: string): Promise<string> {
  const orm = await initOrm({ database: { url: databaseUrl, ssl: 'off', poolMax: 2 } });
  try {
    const project = await createProject(orm.em.fork(), { name: 'Fault drill', timezone: 'UTC' });
    return project.writeKey;
  } finally {
    await orm.close();
  }
}
