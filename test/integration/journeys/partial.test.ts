import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
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
});
