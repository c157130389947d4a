import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { createRedis } from '../../../shared/queue/connection.js';
import { JOURNEY_JOB_NAME, JOURNEY_QUEUE } from '../../../shared/queue/journeyJob.js';
import { eventually } from '../api/harness.js';
import { SHOP } from '../api/harness.js';
import { startJourneyHarness, visitorEvents, type JourneyHarness } from './journeyHarness.js';

describe('journeys: the waiting limit', function () {
  this.timeout(30_000);
  let h: JourneyHarness;
  before(async () => {
    h = await startJourneyHarness({ env: { JOURNEY_FREEZE_MAX_WAIT_MS: '500' } });
  });
  after(async () => {
    await h.close();
  });

  it('when the ingest jobs before a promote are still queued at the waiting limit then the journey is frozen partial, holding the client\'s own events', async () => {
    const visitorId = randomUUID();
    const [page, play, click] = visitorEvents(visitorId);
    await h.worker.worker.pause();
    try {
      expect((await h.post({ events: [page] }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
      const answer = await h.promote({ visitorId, email: 'late@example.com', clientEvents: [play, click] });
      const frozen = await h.frozen(answer.json.journeyId as string);
      expect(frozen.journey.state).to.equal('partial');
      // The stored page view is not there yet; the buffer the page sent with the promote is.
      expect(frozen.events.map((e) => e.eventId)).to.deep.equal([play?.id, click?.id]);
      expect(frozen.events[1]?.data).to.include({ target: 'cta', label: 'Book now' });
    } finally {
      await h.worker.worker.resume();
    }
  });

  it('when a journey\'s freeze fails on its last attempt then the journey says failed instead of staying pending', async () => {
    const journeyId = randomUUID();
    await h.t.pool.query(
      `insert into journeys (id, project_id, visitor_id, email, form_id, state, created_at) values ($1, $2, $3, 'broken@example.com', null, 'pending', now())`,
      [journeyId, h.project.projectId, randomUUID()],
    );
    const redis = createRedis(h.t.config, 'plain');
    const queue = new Queue(JOURNEY_QUEUE, { connection: redis, prefix: h.t.config.redis.prefix });
    try {
      // A mark no ingest job can have: the job's data does not parse, which no retry mends.
      const data = { v: 1, journeyId, projectId: h.project.projectId, visitorId: randomUUID(), promotedAt: Date.now(), ingestMark: -1 };
      await queue.add(JOURNEY_JOB_NAME, data, { jobId: journeyId, attempts: 1 });
      await eventually(async () => (await h.stateOf(journeyId)) === 'failed', 10_000);
      const answer = await h.journey(journeyId);
      expect(answer.status).to.equal(200);
      expect((answer.json as { journey: { state: string; eventCount: number } }).journey).to.include({ state: 'failed', eventCount: 0 });
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
