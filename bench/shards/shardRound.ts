import { Redis } from 'ioredis';
import pg from 'pg';
import { createClusterClient, type RedisClient } from '../../shared/queue/redisClient.js';
import { masterOf } from '../../test/cluster/helpers.js';
import { measureDrain, measureEndToEnd } from '../e2e/endToEnd.js';
import type { LoadResult, LoadSpec } from '../ingest/loadSpec.js';
import { runLoad } from '../ingest/runLoad.js';
import { storedEvents } from '../lib/database.js';
import { deleteKeysUnder } from '../lib/redisProbe.js';
import { ShardQueues } from '../lib/shardQueues.js';
import { startWebRole, startWorkerRole, type RoleSettings, type RunningRole, type Runtime } from '../lib/roles.js';
import { measureStepCpu, type Measured } from '../lib/stepCpu.js';
import { cpuPerEvent, type CpuPerEvent } from '../report/cpuPerEvent.js';

import { projectsPerShard, recreateWithProjects } from './projects.js';
import { busiestShare, RedisServers, type ServerLoad } from './redisServers.js';

/** Where one round's queues live: the single Redis, or a cluster seeded by `url`. */
export interface RedisTarget {
  url: string;
  cluster: boolean;
  /** host:port of each server that holds queue keys (every master of a cluster). */
  servers: string[];
}

export interface RoundOptions {
  label: string;
  shards: number;
  redis: RedisTarget;
  runtime: Runtime;
  database: string;
  databaseUrl: string;
  prefix: string;
  projects: number;
  workers: number;
  connections: number;
  durationS: number;
  eventsPerRequest: number;
}

/** One step's throughput and what it cost each part. */
export interface StepFigures {
  events: number;
  eventsPerS: number;
  cpu: CpuPerEvent;
  /** Redis CPU per event, every server summed, main threads only (the part that bounds throughput). */
  redisUs: number;
  /** The same with every thread (AOF fsync included): what Redis costs its machine. */
  redisAllThreadsUs: number;
  /** The busiest server's share of that. */
  busiest: number;
  servers: ServerLoad[];
  complete: boolean;
  detail: string;
}

export interface RoundFigures {
  options: RoundOptions;
  projectsPerShard: number[];
  /** The server each shard's queue landed on. */
  shardServers: string[];
  ingest: StepFigures;
  drain: StepFigures;
  endToEnd: StepFigures;
  /** What the round's database holds against what its loads were answered 202 for. */
  stored: StoredCheck;
}

const DRAIN_TIMEOUT_MS = 15 * 60_000;

/**
 * One deployment (1 web, `workers` workers, `shards` ingest queues) measured as the main bench
 * measures one: ingest alone, then workers drain that backlog, then end to end with both running.
 * Each step also reads every Redis server's CPU, so the spread of the queue work over a cluster's
 * masters is measured rather than assumed.
 */
export async function measureRound(o: RoundOptions): Promise<RoundFigures> {
  // Recreating the database ends every connection to it: the round's pool is opened after.
  const projects = await recreateWithProjects(o.database, o.projects);
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 2 });
  const connection: RedisClient = o.redis.cluster ? createClusterClient(o.redis.url, { maxRetriesPerRequest: 1 }) : new Redis(o.redis.url, { maxRetriesPerRequest: 1 });
  const queues = new ShardQueues(connection, o.prefix, o.shards, o.redis.cluster);
  const servers = new RedisServers(o.redis.servers);
  let web: RunningRole | undefined;
  let workers: RunningRole | undefined;
  try {
    await deleteKeysUnder(connection, o.prefix);
    const roles: RoleSettings = {
      runtime: o.runtime,
      databaseUrl: o.databaseUrl,
      redisUrl: o.redis.url,
      prefix: o.prefix,
      env: { QUEUE_SHARDS: String(o.shards), ...(o.redis.cluster ? { REDIS_CLUSTER: '1' } : {}) },
    };
    web = await startWebRole(roles, 1);
    const spec: LoadSpec = {
      url: `${web.url}/v1/events`,
      connections: o.connections,
      durationS: o.durationS,
      eventsPerRequest: o.eventsPerRequest,
      writeKey: projects[0]?.writeKey ?? '',
      writeKeys: projects.map((p) => p.writeKey),
    };
    const names = (role: RunningRole) => (role.applicationName ? [role.applicationName] : []);
    const webOnly: Measured = { webPids: web.pids, workerPids: [], applicationNames: names(web) };

    const rowsBefore = await storedEvents(pool);
    const ingest = await measured(pool, webOnly, servers, async () => {
      const load = await runLoad(spec);
      const events = load.accepted * o.eventsPerRequest;
      return { accepted: events, stored: undefined, eventsPerS: events / load.durationS, complete: load.non2xx === 0 && load.errors === 0, detail: loadDetail(load) };
    });

    const workersStarted = Date.now();
    workers = await startWorkerRole(roles, o.workers);
    const both: Measured = { webPids: web.pids, workerPids: workers.pids, applicationNames: [...names(web), ...names(workers)] };
    const drain = await measured(pool, both, servers, async () => {
      const d = await measureDrain(pool, queues, { before: rowsBefore, expected: rowsBefore + ingest.events }, workersStarted, DRAIN_TIMEOUT_MS);
      return { accepted: 0, stored: d.events, eventsPerS: d.eventsPerS, complete: d.stored.complete && d.stored.failedJobs === 0, detail: `${d.seconds.toFixed(1)} s from worker start` };
    });

    const endToEnd = await measured(pool, both, servers, async () => {
      const e = await measureEndToEnd(pool, queues, spec, DRAIN_TIMEOUT_MS);
      return {
        accepted: e.events,
        stored: e.events,
        eventsPerS: e.eventsPerS,
        complete: e.stored.complete && e.stored.failedJobs === 0,
        detail: `${e.seconds.toFixed(1)} s first request to last commit; peak ${e.peakDepth} jobs; ingest meanwhile ${loadDetail(e.load)}`,
      };
    });

    const stored = await checkStored(pool, ingest.events + endToEnd.events, 2 * o.connections * o.eventsPerRequest);
    const shardServers = await Promise.all(queues.names.map((name) => serverOf(connection, `${o.prefix}:${name}:wait`, o.redis)));
    return { options: o, projectsPerShard: projectsPerShard(projects, o.shards), shardServers, ingest, drain, endToEnd, stored };
  } finally {
    await web?.stop();
    await workers?.stop();
    await queues.close();
    servers.close();
    connection.disconnect();
    await pool.end();
  }
}

export interface StoredCheck {
  /** Events the loads counted 202 answers for. */
  accepted: number;
  /** Distinct event ids stored, and rows in the events table. */
  ids: number;
  rows: number;
  /** At most this many more may be stored than counted: answers that came after the load client stopped counting. */
  inFlightBound: number;
  ok: boolean;
}

/**
 * The database was empty at the start of the round: every counted event must be stored, one row
 * each (as many rows as distinct ids), and at most the requests in flight when a load stopped may
 * add events the client never counted.
 */
async function checkStored(pool: pg.Pool, accepted: number, inFlightBound: number): Promise<StoredCheck> {
  const { rows } = await pool.query<{ ids: number; rows: number }>(
    `select (select count(*) from event_ids)::int as ids, (select count(*) from events)::int as rows`,
  );
  const ids = rows[0]?.ids ?? 0;
  const stored = rows[0]?.rows ?? 0;
  return { accepted, ids, rows: stored, inFlightBound, ok: ids === stored && ids >= accepted && ids - accepted <= inFlightBound };
}

interface StepOutcome {
  /** Events the web accepted during the step (0 when it served none), and those the workers stored (undefined: none ran). */
  accepted: number;
  stored: number | undefined;
  eventsPerS: number;
  complete: boolean;
  detail: string;
}

async function measured(pool: pg.Pool, who: Measured, servers: RedisServers, step: () => Promise<StepOutcome>): Promise<StepFigures> {
  const stopCpu = await measureStepCpu(pool, who);
  const stopRedis = await servers.start();
  const out = await step();
  const loads = await stopRedis();
  const cpu = cpuPerEvent(await stopCpu(), out.accepted, out.stored);
  const events = out.stored ?? out.accepted;
  const redisMs = loads.reduce((sum, l) => sum + l.mainThreadMs, 0);
  const redisAllMs = loads.reduce((sum, l) => sum + l.cpuMs, 0);
  return {
    events,
    eventsPerS: out.eventsPerS,
    cpu,
    redisUs: events > 0 ? (redisMs * 1000) / events : NaN,
    redisAllThreadsUs: events > 0 ? (redisAllMs * 1000) / events : NaN,
    busiest: busiestShare(loads),
    servers: loads,
    complete: out.complete,
    detail: out.detail,
  };
}

const loadDetail = (l: LoadResult) =>
  `${Math.round(l.accepted / l.durationS)} req/s, p99 ${l.latencyP99Ms} ms${l.non2xx > 0 ? `, ${l.non2xx} non-2xx` : ''}${l.errors > 0 ? `, ${l.errors} errors` : ''}`;

/** The server that holds a key: the single server, or the master serving the key's slot. */
async function serverOf(redis: RedisClient, key: string, target: RedisTarget): Promise<string> {
  return target.cluster ? masterOf(redis, key) : (target.servers[0] ?? '');
}
