import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { loadConfig } from '../../../shared/config.js';
import { formerIngestNames, ingestQueueFor, ingestShardNames, queueName, shardOf } from '../../../shared/queue/shards.js';
import { perShardConcurrency } from '../../../worker/ingestWorkers.js';

describe('ingest shards', () => {
  it('when nothing is configured then there is one shard, the historic `ingest` queue, on a single Redis', () => {
    const config = loadConfig({});
    expect(config.scale).to.deep.equal({ redisCluster: false, queueShards: 1 });
    expect(ingestShardNames(1, false)).to.deep.equal(['ingest']);
    expect(ingestQueueFor(randomUUID(), 1, false)).to.equal('ingest');
  });

  it('when Redis is a cluster then every queue name is a hash tag of its own', () => {
    expect(queueName('rollup', true)).to.equal('{rollup}');
    expect(ingestShardNames(1, true)).to.deep.equal(['{ingest}']);
    expect(ingestShardNames(3, true)).to.deep.equal(['{ingest-0}', '{ingest-1}', '{ingest-2}']);
    expect(ingestShardNames(3, false)).to.deep.equal(['ingest-0', 'ingest-1', 'ingest-2']);
  });

  it('when a project id is hashed then its shard is stable, case-blind and spread over all shards', () => {
    const id = 'D3B07384-D9A0-4C9B-8C3A-1F2E3D4C5B6A';
    expect(shardOf(id, 3)).to.equal(shardOf(id.toLowerCase(), 3));
    // Pinned: a change of the hash would move every project's queue on upgrade.
    expect([shardOf(id, 3), shardOf(id, 7), shardOf(id, 64)]).to.deep.equal([0, 0, 36]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i += 1) counts[shardOf(randomUUID(), 3)]! += 1;
    for (const n of counts) expect(n).to.be.within(850, 1150);
  });

  it('when the shard count is known then the former names are every other ingest queue and never a current one', () => {
    const former = formerIngestNames(3, false);
    expect(former).to.include('ingest').and.include('ingest-3').and.include('ingest-63');
    expect(former).not.to.include('ingest-0');
    expect(formerIngestNames(1, false)).to.include('ingest-0').and.not.include('ingest');
    expect(formerIngestNames(2, true)).to.include('{ingest}').and.not.include('{ingest-1}');
  });

  it('when QUEUE_SHARDS is out of range then the configuration is refused', () => {
    expect(() => loadConfig({ QUEUE_SHARDS: '0' })).to.throw(/QUEUE_SHARDS/);
    expect(() => loadConfig({ QUEUE_SHARDS: '65' })).to.throw(/QUEUE_SHARDS/);
    expect(loadConfig({ QUEUE_SHARDS: '3', REDIS_CLUSTER: '1' }).scale).to.deep.equal({ redisCluster: true, queueShards: 3 });
  });

  it('when the concurrency is split over shards then each gets its share rounded up, at least one', () => {
    expect(perShardConcurrency(50, 1)).to.equal(50);
    expect(perShardConcurrency(50, 3)).to.equal(17);
    expect(perShardConcurrency(2, 8)).to.equal(1);
  });
});
