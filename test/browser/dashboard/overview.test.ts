import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { OverviewResponse, ProjectMetrics, VideosResponse } from '../../../web/src/api/types.js';
import { requireChromium } from '../helpers.js';
import { Dashboard, seriousA11yViolations } from './harness.js';

/** Today and a day `n` days before it, in a time zone, as YYYY-MM-DD. */
function localDay(timeZone: string, back = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());
  return new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
}

const CARDS = ['impressions', 'opens', 'openers', 'plays', 'viewers', 'completionRate', 'ctaClicks', 'conversions', 'cvr', 'conversionValue', 'interactions'] as const;

/** A card's figure as the API's number would be written in English (en-US), independently of the app's code. */
function expectedText(metric: (typeof CARDS)[number], totals: ProjectMetrics, currency: string): string {
  const value = totals[metric];
  if (metric === 'completionRate' || metric === 'cvr') {
    return value === null ? '–' : new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(value);
  }
  if (metric === 'conversionValue') return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value ?? 0);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value ?? 0);
}

async function cardTexts(page: Page): Promise<Record<string, string>> {
  await page.waitForSelector('[data-testid=overview-cards] [data-metric] [data-value]');
  return page.$$eval('[data-testid=overview-cards] [data-metric]', (cards) =>
    Object.fromEntries(cards.map((c) => [c.getAttribute('data-metric') ?? '', c.querySelector('[data-value]')?.textContent ?? ''])),
  );
}

describe('dashboard in Chromium: login, projects and overview', function () {
  this.timeout(120_000);
  let d: Dashboard;

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start();
  });
  after(async () => {
    // Undefined when the suite was skipped (no Chromium).
    await (d as Dashboard | undefined)?.close();
  });

  it('when a user logs in through the login screen then the projects list shows each project with the API figures and top widgets', async () => {
    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.owner);
    expect(new URL(page.url()).pathname).to.equal('/app/');
    await page.waitForSelector(`[data-project="${d.project.projectId}"] [data-metric=plays] [data-value]`);
    const api = await d.stats<OverviewResponse>('overview');
    const figures = await page.$$eval(`[data-project="${d.project.projectId}"] [data-metric]`, (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-metric') ?? '', e.querySelector('[data-value]')?.textContent ?? ''])),
    );
    const en = (n: number) => new Intl.NumberFormat('en-US').format(n);
    expect(figures).to.deep.equal({ impressions: en(api.totals.impressions), interactions: en(api.totals.interactions), plays: en(api.totals.plays) });
    expect(api.totals.plays).to.be.greaterThan(0);

    // Top 3 widgets by interactions, titles as text: markup in a title is shown, never run.
    const videos = await d.stats<VideosResponse>('videos', { limit: '100' });
    const top = [...videos.videos].sort((a, b) => b.interactions - a.interactions || a.videoId.localeCompare(b.videoId)).slice(0, 3);
    const listed = await page.$$eval(`[data-project="${d.project.projectId}"] .rank-list li`, (lis) => lis.map((li) => li.querySelector('.rank-name')?.textContent));
    expect(listed).to.deep.equal(top.map((v) => v.title ?? v.videoId));
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
    expect(await page.locator(`[data-project="${d.other.projectId}"]`).count()).to.equal(1);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when the overview is open then every header card equals the stats API totals for the same range, bots switch included', async () => {
    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/overview`);
    const tz = d.project.timezone;

    // Default range: the last 7 days in the project's time zone, as the API's default.
    const week = await d.stats<OverviewResponse>('overview', { from: localDay(tz, 6), to: localDay(tz) });
    let shown = await cardTexts(page);
    for (const metric of CARDS) expect(shown[metric], metric).to.equal(expectedText(metric, week.totals, week.currency));

    // The change against the previous 7 days.
    const before = await d.stats<OverviewResponse>('overview', { from: localDay(tz, 13), to: localDay(tz, 7) });
    const change = (week.totals.impressions - before.totals.impressions) / before.totals.impressions;
    const changeText = await page.locator('[data-metric=impressions] .metric-change').first().textContent();
    expect(changeText).to.contain(new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(change));

    // 30 days.
    await page.selectOption('.range-picker select', '30d');
    await page.waitForURL(/range=30d/);
    const month = await d.stats<OverviewResponse>('overview', { from: localDay(tz, 29), to: localDay(tz) });
    await page.waitForFunction((v) => document.querySelector('[data-metric=impressions] [data-value]')?.textContent === v, expectedText('impressions', month.totals, month.currency));
    shown = await cardTexts(page);
    for (const metric of CARDS) expect(shown[metric], `30 d ${metric}`).to.equal(expectedText(metric, month.totals, month.currency));

    // Bots included: more impressions than without.
    await page.click('.switch');
    await page.waitForURL(/bots=1/);
    const withBots = await d.stats<OverviewResponse>('overview', { from: localDay(tz, 29), to: localDay(tz), includeBots: 'true' });
    expect(withBots.totals.impressions).to.be.greaterThan(month.totals.impressions);
    await page.waitForFunction((v) => document.querySelector('[data-metric=impressions] [data-value]')?.textContent === v, expectedText('impressions', withBots.totals, withBots.currency));
    shown = await cardTexts(page);
    for (const metric of CARDS) expect(shown[metric], `bots ${metric}`).to.equal(expectedText(metric, withBots.totals, withBots.currency));

    // When the figures were rolled up, as the API says it, shown in the project's time zone.
    const answer = await fetch(`${d.url}/v1/stats/overview`, { headers: { authorization: `Bearer ${d.project.readKey}` } });
    expect(answer.headers.get('x-cuepoint-rolled-up-at')).to.be.a('string');
    expect(await page.locator('.freshness').textContent()).to.match(/^Figures rolled up at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} (AM|PM) GMT\+9$/);

    // The main chart's numbers are in its table for screen readers: one row per day.
    const rows = await page.locator('.main-chart .visually-hidden tbody tr').count();
    expect(rows).to.equal(30);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when the overview polls again then it revalidates with If-None-Match, gets 304 and keeps its figures', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/overview`);
    const before = await cardTexts(page);
    const revalidated = page.waitForResponse((r) => r.url().includes('/v1/stats/overview') && r.request().headers()['if-none-match'] !== undefined);
    // A tab coming back into view polls at once, as the 30 s timer would.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const answer = await revalidated;
    expect(answer.status()).to.equal(304);
    expect(answer.request().headers()['x-cuepoint-project']).to.equal(d.project.projectId);
    await page.waitForTimeout(200);
    expect(await cardTexts(page)).to.deep.equal(before);
    await context.close();
  });

  it('when a viewer looks at a project then there is no admin entry and the admin path shows nothing', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/overview`);
    const nav = await page.$$eval('.nav-link', (links) => links.map((l) => l.textContent));
    expect(nav).to.deep.equal(['Projects', 'Overview', 'Realtime', 'Videos', 'Site', 'Forms']);
    await page.goto(`${d.url}/app/p/${d.project.projectId}/admin`);
    await page.waitForSelector('.empty-state');
    const { page: adminPage } = await d.newPage();
    await d.login(adminPage, d.users.admin, `/p/${d.project.projectId}/overview`);
    expect(await adminPage.$$eval('.nav-link', (links) => links.map((l) => l.textContent))).to.include('Admin');
    await context.close();
    await adminPage.context().close();
  });

  it('when a user logs out in one tab then the other tab shows the login screen at once and the old cookie gets 401', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.member);
    const other = await context.newPage();
    await other.goto(`${d.url}/app/p/${d.project.projectId}/overview`);
    await other.waitForSelector('[data-testid=overview-cards]');
    const cookie = (await context.cookies()).find((c) => c.name === 'cuepoint_session');
    expect(cookie?.httpOnly).to.equal(true);

    await page.click('.account-button');
    const started = Date.now();
    await page.click('[data-testid=logout]');
    await other.waitForSelector('input[name=password]', { timeout: 5000 });
    const tookMs = Date.now() - started;
    expect(tookMs).to.be.lessThan(5000);
    expect(new URL(other.url()).pathname).to.equal('/app/login');
    // Back after logging in again: the login screen remembers where the tab was.
    expect(new URL(other.url()).searchParams.get('next')).to.equal(`/p/${d.project.projectId}/overview`);

    const res = await fetch(`${d.url}/v1/stats/overview`, { headers: { cookie: `cuepoint_session=${cookie?.value ?? ''}`, 'x-cuepoint-project': d.project.projectId } });
    expect(res.status).to.equal(401);
    await context.close();
  });

  it('when the language is switched to Japanese then the labels and the date format change, and stay after a reload', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.owner, `/p/${d.project.projectId}/overview`);
    await page.waitForSelector('[data-testid=overview-cards]');
    const englishLabel = await page.locator('[data-metric=impressions] .metric-label').textContent();
    expect(englishLabel).to.equal('Impressions');
    const firstDay = () => page.locator('.main-chart .visually-hidden tbody tr th').first().textContent();
    expect(await firstDay()).to.match(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);

    await page.selectOption('[data-testid=language]', 'ja');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    expect(await page.locator('[data-metric=impressions] .metric-label').textContent()).to.equal('インプレッション');
    expect(await page.locator('.nav-link[aria-current=page]').textContent()).to.equal('概要');
    expect(await firstDay()).to.match(/^\d{4}年\d{1,2}月\d{1,2}日$/);

    await page.reload();
    await page.waitForSelector('.main-chart canvas');
    expect(await page.locator('[data-metric=impressions] .metric-label').textContent()).to.equal('インプレッション');
    await page.waitForTimeout(500);
    await d.screenshot(page, 'dashboard-overview-ja-1280');
    await context.close();
  });

  it('when the password is wrong then the login screen says so and stays; with the right one the user lands where they were going', async () => {
    const { context, page } = await d.newPage();
    await page.goto(`${d.url}/app/p/${d.project.projectId}/overview?range=30d`);
    await page.waitForURL(/\/app\/login\?next=/);
    await page.fill('input[name=email]', d.users.viewer.email);
    await page.fill('input[name=password]', 'not the password');
    await page.click('button[type=submit]');
    expect(await page.locator('[role=alert]').textContent()).to.equal('The e-mail or the password is not right.');
    await page.fill('input[name=password]', d.users.viewer.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=overview-cards]');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).to.equal(`/app/p/${d.project.projectId}/overview?range=30d`);
    await context.close();
  });

  it('when a screen\'s code cannot be loaded then the screen says so and offers a reload instead of spinning', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.viewer);
    await page.route('**/app/assets/AccountScreen.*.js', (route) => route.abort());
    await page.click('.account-button');
    await page.click('text=Change password');
    await page.waitForSelector('[role=alert] >> text=could not be loaded');
    await page.unroute('**/app/assets/AccountScreen.*.js');
    await page.click('text=Reload');
    await page.waitForSelector('input[autocomplete=current-password]');
    await context.close();
  });

  it('when a user creates a project in the form then its keys are shown once and it joins the list with the user as owner', async () => {
    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.member);
    await page.click('text=+ New project');
    await page.fill('.new-project input', 'Osaka Outlet');
    await page.selectOption('.new-project select >> nth=0', 'Asia/Tokyo');
    await page.selectOption('.new-project select >> nth=1', 'JPY');
    await page.fill('.new-project textarea', 'https://outlet.example');
    await page.click('.new-project button[type=submit]');
    await page.waitForSelector('.created-keys code');
    const keys = await page.$$eval('.created-keys code', (codes) => codes.map((c) => c.textContent));
    expect(keys).to.have.length(5);
    const [projectId, writeKey, readKey] = keys;
    const res = await fetch(`${d.url}/v1/stats/overview`, { headers: { authorization: `Bearer ${readKey!}` } });
    expect(res.status).to.equal(200);
    expect(((await res.json()) as OverviewResponse).timezone).to.equal('Asia/Tokyo');
    expect(writeKey).to.not.equal(readKey);
    await page.click('.created-keys button.primary');
    const card = page.locator(`[data-project="${projectId!}"]`);
    await card.waitFor();
    expect(await card.locator('.badge').textContent()).to.equal('Owner');
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when a user changes the password on the account screen then their other sessions end and the new password works', async () => {
    const { context, page } = await d.newPage();
    const { context: elsewhere, page: otherPage } = await d.newPage();
    const user = d.users.admin;
    await d.login(otherPage, user);
    await d.login(page, user);
    await page.click('.account-button');
    await page.click('text=Change password');
    await page.waitForSelector('input[autocomplete=current-password]');
    await page.fill('input[autocomplete=current-password]', 'wrong password!');
    const fresh = 'a brand new passphrase';
    await page.fill('input[autocomplete=new-password] >> nth=0', fresh);
    await page.fill('input[autocomplete=new-password] >> nth=1', fresh);
    await page.click('button[type=submit]');
    expect(await page.locator('[role=alert]').textContent()).to.equal('The current password is not right.');
    await page.fill('input[autocomplete=current-password]', user.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('.notice.success');
    // The other browser's session is gone: its next request answers 401 and shows the login screen.
    await otherPage.goto(`${d.url}/app/p/${d.project.projectId}/overview`);
    await otherPage.waitForSelector('input[name=password]');
    await d.login(otherPage, { ...user, password: fresh });
    user.password = fresh;
    await context.close();
    await elsewhere.close();
  });

  it('when each screen is shown at desktop and phone sizes then it fits the width, has no serious accessibility violations, and is saved as a screenshot', async () => {
    const screens = [
      { name: 'login', path: '/login', ready: 'input[name=password]', user: false },
      { name: 'projects', path: '/', ready: `[data-project="${d.project.projectId}"] .sparkline canvas`, user: true },
      { name: 'overview', path: `/p/${d.project.projectId}/overview`, ready: '.main-chart canvas', user: true },
      { name: 'account', path: '/account', ready: 'input[autocomplete=current-password]', user: true },
    ];
    const report: string[] = [];
    for (const size of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const { context, page } = await d.newPage(size);
      for (const screen of screens) {
        if (screen.user && !(await context.cookies()).some((c) => c.name === 'cuepoint_session')) await d.login(page, d.users.owner);
        const started = Date.now();
        await page.goto(`${d.url}/app${screen.path}`);
        await page.waitForSelector(screen.ready);
        const readyMs = Date.now() - started;
        // Let charts finish their short animation before the picture.
        await page.waitForTimeout(500);
        await d.screenshot(page, `dashboard-${screen.name}-${size.width}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${screen.name} at ${size.width}px is wider than the window`).to.be.at.most(0);
        const violations = await seriousA11yViolations(page);
        expect(violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${screen.name} at ${size.width}`).to.deep.equal([]);
        report.push(`${screen.name}@${size.width} ready in ${readyMs} ms`);
      }
      await context.close();
    }
    console.log(`      ${report.join('; ')}`);
  });
});
