import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { REAL_UA, requireChromium } from '../helpers.js';
import { waitFor } from '../../helpers/processes.js';
import { Dashboard } from './harness.js';

const SHOP = 'https://shop.example';
const EMAIL = 'ann@example.com';
const HOSTILE_TITLE = 'Spring <img src=x onerror="window.__xss=2"> sale';
const HOSTILE_LABEL = '=HYPERLINK("https://evil.example","Book")';

/** A visitor's path to a booking form: what the journey page must show, in this order. */
function path(visitorId: string) {
  const sessionId = randomUUID();
  const playId = randomUUID();
  const start = Date.now() - 10 * 60_000;
  const at = (minutes: number) => start + minutes * 60_000;
  const e = (type: string, minutes: number, extra: Record<string, unknown>) => ({ id: randomUUID(), type, ts: at(minutes), visitorId, sessionId, ...extra });
  return [
    e('page_view', 0, { url: `${SHOP}/spring`, title: HOSTILE_TITLE }),
    e('impression', 0.1, { url: `${SHOP}/spring` }),
    e('video_play', 1, { videoId: 'v1', slotId: 'home', playId }),
    e('video_progress', 2, { videoId: 'v1', slotId: 'home', playId, percent: 50 }),
    e('click', 3, { videoId: 'v1', slotId: 'home', playId, target: 'cta', label: HOSTILE_LABEL }),
    e('form_submit', 4, { formId: 'booking', fields: ['name', 'email'], outcome: 'success' }),
    e('conversion', 5, { conversionType: 'booking', value: 120, currency: 'USD' }),
  ];
}

describe('dashboard in Chromium: visitor journeys', function () {
  this.timeout(120_000);
  let d: Dashboard;
  let journeyId: string;

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start({ traffic: { days: 1, visitorsPerDay: 1, videos: 2 } });
    const visitorId = randomUUID();
    const res = await fetch(`${d.url}/v1/journeys/promote`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': REAL_UA },
      body: JSON.stringify({ key: d.project.writeKey, visitorId, email: EMAIL, formId: 'booking', clientEvents: path(visitorId) }),
    });
    const body = (await res.json()) as { journeyId: string };
    if (res.status !== 202) throw new Error(`promote answered ${res.status}: ${JSON.stringify(body)}`);
    journeyId = body.journeyId;
    await waitFor(
      async () => ((await d.t.pool.query<{ state: string }>('select state from journeys where id = $1', [journeyId])).rows[0]?.state === 'ready' ? true : undefined),
      20_000,
      'the journey to be frozen',
    );
  });
  after(async () => {
    // Undefined when the suite was skipped (no Chromium).
    await (d as Dashboard | undefined)?.close();
  });

  const pathOf = (suffix = '') => `/p/${d.project.projectId}/journeys${suffix}`;

  it('when an admin searches an address and opens its journey then the path shows pages, the play with its title, the CTA click, the form and the conversion in time order, as text', async () => {
    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.admin, pathOf());
    await page.fill('#journey-search-email', ` ${EMAIL.toUpperCase()} `);
    await page.click('button[type=submit]');
    const link = page.locator('.data-table tbody a');
    await link.waitFor();
    expect(await page.locator('.data-table tbody tr').count()).to.equal(1);
    await link.click();
    await page.waitForSelector('.journey-path li');

    const whats = await page.locator('.journey-path .journey-what').allInnerTexts();
    expect(whats).to.deep.equal(['Viewed a page', 'Played a video', 'Clicked the call to action', 'Submitted a form', 'Converted']);
    const lines = await page.locator('.journey-path li').allInnerTexts();
    expect(lines[0]).to.contain(HOSTILE_TITLE).and.contain(`${SHOP}/spring`);
    // The catalog title, itself hostile markup, shown as the characters it is.
    expect(lines[1]).to.contain('Spring <img src=x onerror="window.__xss=1"> lookbook');
    expect(lines[2]).to.contain(HOSTILE_LABEL);
    expect(lines[3]).to.contain('booking');
    expect(lines[4]).to.contain('120').and.contain('USD');
    expect(await page.locator('.journey-path img').count()).to.equal(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
    expect(await page.locator('text=2 more events are hidden.').count()).to.equal(1);

    await page.check('text=Show every event');
    expect(await page.locator('.journey-path li').count()).to.equal(7);
    await page.uncheck('text=Show every event');
    await d.screenshot(page, 'journeys-path');
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when a viewer signs in then the journeys section is not offered and its address shows nothing', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/overview`);
    expect(await page.locator('.nav-link', { hasText: 'Journeys' }).count()).to.equal(0);
    await page.goto(`${d.url}/app${pathOf(`/${journeyId}`)}`);
    await page.waitForSelector('text=Nothing here');
    expect(await page.locator('.journey-path').count()).to.equal(0);
    await context.close();
  });

  it('when the owner deletes every journey of the address then the list is empty and the database holds none', async () => {
    const { context, page, errors } = await d.newPage({ locale: 'ja-JP' });
    await d.login(page, d.users.owner, `${pathOf()}?email=${encodeURIComponent(EMAIL)}`);
    await page.locator('.nav-link', { hasText: 'ジャーニー' }).waitFor();
    await page.click('button:has-text("このアドレスのジャーニーをすべて削除")');
    await page.click('button:has-text("削除する")');
    await page.waitForSelector('text=件削除しました');
    await d.screenshot(page, 'journeys-deleted-ja');
    const left = await d.t.pool.query('select 1 from journeys union all select 1 from journey_events');
    expect(left.rowCount).to.equal(0);
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
