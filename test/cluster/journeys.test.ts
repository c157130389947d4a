import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { QueueKeys } from 'bullmq';
import { ingestQueueFor } from '../../shared/queue/shards.js';
import { pipelined, startJourneyHarness, visitorEvents, type JourneyHarness } from '../integration/journeys/journeyHarness.js';
import { clusterEnv } from './helpers.js';

describe('cluster: a journey promote waits for its project\'s shard', function () {
  this.timeout(60_000);
  let h: JourneyHarness;
  before(async () => {
    h = await startJourneyHarness({ env: clusterEnv() });
    expect((await h.admin('POST', '/videos', { videoId: 'intro', title: 'Intro tour' })).status).to.equal(201);
  });
  after(async () => {
    await h.close();
  });

  it('when events and the promote come in one burst then the journey freezes ready with every event, marked by the shard\'s own counter', async () => {
    const visitorId = randomUUID();
    const events = visitorEvents(visitorId);
    const statuses = await pipelined(h.web.url, [
      { path: '/v1/events', body: JSON.stringify({ key: h.project.writeKey, events }) },
      { path: '/v1/journeys/promote', body: JSON.stringify({ key: h.project.writeKey, visitorId, email: 'ann@example.com', formId: 'booking' }) },
    ]);
    expect(statuses).to.deep.equal([202, 202]);
    const journeyId = (await h.t.pool.query<{ id: string }>('select id from journeys where visitor_id = $1', [visitorId])).rows[0]?.id;
    const frozen = await h.frozen(journeyId ?? '');
    expect(frozen.journey).to.include({ state: 'ready', eventCount: events.length });
    const shard = ingestQueueFor(h.project.projectId, 3, true);
    expect(Number(await h.redis.get(new QueueKeys(h.t.config.redis.prefix).toKey(shard, 'id')))).to.be.at.least(1);
  });
});
