import { expect } from 'chai';
import { waitFor } from '../helpers/processes.js';
import { TrackerHarness } from './trackerHarness.js';

type Cuepoint = { cuepoint: { ids(): { visitorId: string }; identify(userId: unknown): void; flush(): void } };

describe('tracker in Chromium: widgets name the video they show, and identify ties a user id to the visitor', function () {
  this.timeout(90_000);
  // Three widgets: one marked itself, one whose video is marked inside it, one that names none.
  const body = `
    <div data-cp-widget data-cp-video="intro" data-cp-slot="home"><button data-cp-open id="open-intro">Open</button></div>
    <div data-cp-widget><div data-cp-video="outro" data-cp-slot="end"></div><button data-cp-open id="open-outro">Open</button></div>
    <div data-cp-widget><button data-cp-open id="open-plain">Open</button></div>`;

  const h = TrackerHarness.forSuite({
    projectName: 'Shop',
    pages: ({ head }) => ({ '/shop.html': `${head('Shop')}<body>${body}</body></html>` }),
  });

  it('when widgets render and open then each impression and open carries its video and slot, or none, and identify stores the user id', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/shop.html`);
    await page.waitForFunction(() => typeof (window as unknown as Partial<Cuepoint>).cuepoint?.identify === 'function');
    const visitorId = await page.evaluate(() => (window as unknown as Cuepoint).cuepoint.ids().visitorId);
    for (const id of ['open-intro', 'open-outro', 'open-plain']) await page.click(`#${id}`);
    await page.evaluate(() => {
      const { cuepoint } = window as unknown as Cuepoint;
      cuepoint.identify('user-42');
      // Not sent: the API would refuse them, and a refused event is lost.
      cuepoint.identify('');
      cuepoint.identify(42);
      cuepoint.identify('u'.repeat(201));
      cuepoint.flush();
    });

    const rows = await waitFor(async () => {
      const { rows } = await h.t.pool.query<{ type: string; video_id: string | null; slot_id: string | null }>(
        `select type, video_id, slot_id from events where visitor_id = $1 and type in ('impression', 'widget_open') order by type, video_id nulls last`,
        [visitorId],
      );
      return rows.length === 6 ? rows : undefined;
    }, 20_000, 'three impressions and three opens');
    expect(rows.map((r) => [r.type, r.video_id, r.slot_id])).to.deep.equal([
      ['impression', 'intro', 'home'],
      ['impression', 'outro', 'end'],
      ['impression', null, null],
      ['widget_open', 'intro', 'home'],
      ['widget_open', 'outro', 'end'],
      ['widget_open', null, null],
    ]);
    const users = await waitFor(async () => {
      const { rows } = await h.t.pool.query<{ user_id: string }>(`select user_id from visitor_users where project_id = $1 and visitor_id = $2`, [h.project.projectId, visitorId]);
      return rows.length > 0 ? rows : undefined;
    }, 20_000, 'the identify mapping');
    expect(users.map((r) => r.user_id)).to.deep.equal(['user-42']);
    const identifies = await h.t.pool.query(`select 1 from events where visitor_id = $1 and type = 'identify'`, [visitorId]);
    expect(identifies.rowCount).to.equal(1);
    await context.close();
  });
});
