import { expect } from 'chai';
import { waitFor } from '../helpers/processes.js';
import { TrackerHarness } from './trackerHarness.js';

describe('tracker in Chromium: promoting a journey from a form', function () {
  this.timeout(90_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Shop',
    pages: ({ head }) => ({ '/booking.html': `${head('Booking')}<body><p>book</p></body></html>` }),
  });

  it('when the page calls cuepoint.promote while its events could not be sent then the journey holds them and they are stored as ordinary events', async () => {
    const context = await h.newContext();
    // Ingest is unreachable for this page (a blocker, a flaky network): its page view stays queued.
    await context.route('**/v1/events', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/booking.html`);
    await page.waitForFunction(() => typeof (window as unknown as { cuepoint?: { promote?: unknown } }).cuepoint?.promote === 'function');
    const visitorId = await page.evaluate(() => (window as unknown as { cuepoint: { ids(): { visitorId: string } } }).cuepoint.ids().visitorId);
    await page.evaluate(() => (window as unknown as { cuepoint: { promote(p: object): void } }).cuepoint.promote({ email: 'Ann@Example.com', formId: 'booking' }));

    const journey = await waitFor(async () => {
      const { rows } = await h.t.pool.query<{ id: string; state: string; email: string; form_id: string; event_count: number }>(
        `select id, state, email, form_id, event_count from journeys where visitor_id = $1 and state <> 'pending'`,
        [visitorId],
      );
      return rows[0];
    }, 20_000, 'the promoted journey to be frozen');
    expect(journey).to.include({ state: 'ready', email: 'ann@example.com', form_id: 'booking' });
    const held = await h.t.pool.query<{ type: string; url: string }>(`select type, data->>'url' as url from journey_events where journey_id = $1`, [journey.id]);
    expect(held.rows.map((r) => r.type)).to.include('page_view');
    expect(held.rows.find((r) => r.type === 'page_view')?.url).to.equal(`${h.site.origin}/booking.html`);
    const stored = await h.t.pool.query(`select 1 from events where visitor_id = $1 and type = 'page_view'`, [visitorId]);
    expect(stored.rowCount).to.equal(1);
    await context.close();
  });
});
