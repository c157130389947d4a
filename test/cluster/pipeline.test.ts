import { expect } from 'chai';
import { QueueKeys } from 'bullmq';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { publishConfigChanged } from '../../shared/queue/configEvents.js';
import { ingestShardNames, shardOf } from '../../shared/queue/shards.js';
import { startWorker, type RunningWorker } from '../../worker/server.js';
import { ev, eventually, SHOP, startHarness, type Harness } from '../integration/api/harness.js';
import { count } from '../integration/worker/helpers.js';
import { silentLog } from '../helpers/services.js';
import { clusterEnv, masterOf } from './helpers.js';

describe('cluster: the ingest pipeline on a three-master Redis Cluster with QUEUE_SHARDS=3', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  /** One project per shard. */
  let projects: CreatedProject[];

  before(async () => {
    h = await startHarness({ env: clusterEnv() });
    const byShard = new Map<number, CreatedProject>([[shardOf(h.project.projectId, 3), h.project]]);
    const orm = await initOrm(h.t.config);
    try {
      while (byShard.size < 3) {
        const p = await createProject(orm.em.fork(), { name: `P${byShard.size}`, timezone: 'UTC', allowedOrigins: [SHOP] });
        if (!byShard.has(shardOf(p.projectId, 3))) byShard.set(shardOf(p.projectId, 3), p);
      }
    } finally {
      await orm.close();
    }
    projects = [...byShard.values()];
    // The new projects reach the web process through the config-changed channel (pub/sub on the cluster).
    await publishConfigChanged(h.redis, h.t.config.redis.prefix);
    const known = async (p: CreatedProject) => (await h.request('GET', '/v1/stats/realtime', { headers: { authorization: `Bearer ${p.readKey}` } })).status === 200;
    await eventually(async () => (await Promise.all(projects.map(known))).every(Boolean), 5000, 50);
    worker = await startWorker(h.t.config, silentLog);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when every project posts events twice then each event is stored once and the shards\' queues live on at least two masters', async () => {
    const batches = projects.map(() => [ev.pageView(), ev.play(), ev.pageView()]);
    for (let round = 0; round < 2; round += 1) {
      const answers = await Promise.all(projects.map((p, i) => h.post({ events: batches[i] }, { key: p.writeKey, origin: SHOP })));
      expect(answers.map((a) => a.status)).to.deep.equal([202, 202, 202]);
    }
    await eventually(async () => (await count(h.t.pool, 'select count(*) as n from events')) >= 9, 20_000, 100);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(h.t.pool, 'select count(*) as n from events')).to.equal(9);
    for (const [i, p] of projects.entries()) {
      expect(await count(h.t.pool, 'select count(*) as n from events where project_id = $1', [p.projectId]), `project ${i}`).to.equal(3);
    }
    const keys = new QueueKeys(h.t.config.redis.prefix);
    const names = ingestShardNames(3, true);
    // Each shard counted its jobs in `<prefix>:{ingest-i}:id`: every shard was used.
    for (const name of names) expect(Number(await h.redis.get(keys.toKey(name, 'id'))), name).to.be.at.least(2);
    const mastersOfShards = new Set(await Promise.all(names.map((name) => masterOf(h.redis, keys.toKey(name, 'id')))));
    expect(mastersOfShards.size).to.be.at.least(2);
  });

  it('when the metrics are scraped then the ingest gauges sum the three shards', async () => {
    const { QueueDepths } = await import('../../shared/telemetry/queueDepths.js');
    const depths = new QueueDepths(h.redis, h.t.config.redis.prefix, 3);
    try {
      const read = await depths.read();
      expect(read.map((d) => d.queue)).to.deep.equal(['ingest', 'rollup', 'maintenance', 'journeys']);
      expect(read[0]?.counts).to.deep.equal({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    } finally {
      await depths.close();
    }
  });

  it('when events were stored then the realtime answer counts them, read from each project\'s slot', async () => {
    const p = projects[1]!;
    const read = () => h.request('GET', '/v1/stats/realtime', { headers: { authorization: `Bearer ${p.readKey}` } });
    // A project's answer is shared for 2 s, and the set-up already read this one before any event.
    await eventually(async () => ((await read()).json.totals as { pageviews?: number } | undefined)?.pageviews === 2, 5000, 200).catch(() => undefined);
    const answer = await read();
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    const totals = answer.json.totals as { pageviews: number; plays: number };
    expect(totals).to.include({ pageviews: 2, plays: 1 });
  });
});
