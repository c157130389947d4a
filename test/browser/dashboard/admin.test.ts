import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { requireChromium, startSite, type PageSite } from '../helpers.js';
import { Dashboard, seriousA11yViolations, type DashboardUser } from './harness.js';
import { readTable } from './videosSiteSeed.js';

interface AdminSlot {
  slotId: string;
  videoId: string;
  ctaLabel: string | null;
  ctaUrl: string | null;
  links: string[];
}

const PAGES = ['videos', 'slots', 'rules', 'keys', 'settings', 'members'] as const;

describe('dashboard in Chromium: the admin screens', function () {
  this.timeout(120_000);
  let d: Dashboard;
  let site: PageSite | undefined;

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start({ traffic: { days: 3, visitorsPerDay: 2, videos: 3 } });
  });
  after(async () => {
    await site?.close();
    // Undefined when the suite was skipped (no Chromium).
    await (d as Dashboard | undefined)?.close();
  });

  const adminPath = (page: string) => `/p/${d.project.projectId}/admin/${page}`;

  async function openAdmin(user: DashboardUser, page: string, size: { width: number; height: number } = { width: 1280, height: 800 }) {
    const opened = await d.newPage(size);
    await d.login(opened.page, user, adminPath(page));
    await opened.page.waitForSelector('.subnav');
    return opened;
  }

  /** The browser logs every 4xx answer; those a test provokes on purpose are not page errors. */
  const unexpected = (errors: string[], ...statuses: number[]) => errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s} `)));

  /** What the admin API (with the project's admin key) holds at a path. */
  async function adminApi(path: string): Promise<{ status: number; body: unknown }> {
    const res = await d.admin('GET', path);
    return { status: res.status, body: await res.json() };
  }
  const slot = async (id: string) => {
    const answer = await adminApi(`/v1/admin/slots/${id}`);
    return { status: answer.status, body: answer.body as AdminSlot };
  };

  /** Fills the slot form (`#slot-form`) and submits it. */
  async function createSlot(page: Page, slot: { slotId: string; videoId: string; ctaLabel?: string; ctaUrl?: string; links?: string[] }) {
    await page.fill('#slot-form-slotId', slot.slotId);
    await page.selectOption('#slot-form-videoId', slot.videoId);
    if (slot.ctaLabel !== undefined) await page.fill('#slot-form-ctaLabel', slot.ctaLabel);
    if (slot.ctaUrl !== undefined) await page.fill('#slot-form-ctaUrl', slot.ctaUrl);
    for (const link of slot.links ?? []) await page.check(`#slot-form input[name=links][value="${link}"]`);
    await page.click('#slot-form button[type=submit]');
  }

  it('when an admin creates slots with a CTA and a link in the UI then the admin API returns exactly them, and a refused URL is named under its field', async () => {
    const { context, page, errors } = await openAdmin(d.users.admin, 'slots');
    await page.waitForSelector('#slot-form-slotId');

    await createSlot(page, { slotId: 'sizes', videoId: 'v2' });
    await page.waitForSelector('.data-table th[scope=row] >> text=sizes');

    // The browser's own URL check is off: the server's reason is what the form shows.
    await createSlot(page, { slotId: 'intro', videoId: 'v1', ctaLabel: 'Buy now', ctaUrl: 'javascript:alert(1)', links: ['sizes'] });
    const fieldError = page.locator('#slot-form-ctaUrl-error');
    await fieldError.waitFor();
    expect(await fieldError.innerText()).to.match(/^ctaUrl .*http\(s\) URL/);
    expect(await page.getAttribute('#slot-form-ctaUrl', 'aria-invalid')).to.equal('true');
    expect(await page.getAttribute('#slot-form-ctaUrl', 'aria-describedby')).to.contain('slot-form-ctaUrl-error');
    expect((await adminApi('/v1/admin/slots/intro')).status).to.equal(404);

    await page.fill('#slot-form-ctaUrl', 'https://shop.example/buy?size=m');
    await page.click('#slot-form button[type=submit]');
    await page.waitForSelector('.data-table th[scope=row] >> text=intro');
    expect(await page.locator('#slot-form-ctaUrl-error').count()).to.equal(0);

    const intro = await slot('intro');
    expect(intro.status).to.equal(200);
    expect(intro.body).to.deep.include({ slotId: 'intro', videoId: 'v1', ctaLabel: 'Buy now', ctaUrl: 'https://shop.example/buy?size=m', links: ['sizes'] });
    const sizes = await slot('sizes');
    expect(sizes.body).to.deep.include({ slotId: 'sizes', videoId: 'v2', ctaLabel: null, links: [] });

    // Editing adds a link back: the form starts from the stored slot.
    await page.click('button[aria-label="Edit sizes"]');
    await page.check('#slot-form input[name=links][value="intro"]');
    await page.click('#slot-form button[type=submit]');
    await page.waitForSelector('.notice.success >> text=sizes was saved.');
    expect((await slot('sizes')).body.links).to.deep.equal(['intro']);

    // The branch graph shows both catalog branches before anyone chose them: count 0.
    await page.goto(`${d.url}/app/p/${d.project.projectId}/videos`);
    await page.waitForSelector('.branch-graph canvas');
    const branches = await readTable(page, '.branch-choices');
    expect(branches.get('intro>sizes')?.get('count')?.value).to.equal('0');
    expect(branches.get('sizes>intro')?.get('count')?.value).to.equal('0');
    const hidden = await page.$$eval('.branch-graph figure.chart tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(hidden).to.deep.include(['intro', 'sizes', '0']);
    await page.goBack();
    await page.waitForSelector('button[aria-label="Delete sizes"]');

    // A slot still linked to cannot go: the server's reason is shown and it stays.
    await page.click('button[aria-label="Delete sizes"]');
    await page.click('.row-actions.confirming button.danger');
    await page.waitForSelector('.notice.error >> text=linked from slot intro');
    expect((await slot('sizes')).status).to.equal(200);
    expect(unexpected(errors, 400, 409)).to.deep.equal([]);
    await context.close();
  });

  it('when an admin adds a rule and tests a URL then the verdict is the server matcher’s, on the URL as stored', async () => {
    const { context, page, errors } = await openAdmin(d.users.admin, 'rules');
    await page.fill('#rule-form-name', 'Thank-you page');
    await page.selectOption('#rule-form-kind', 'exact');
    await page.fill('#rule-form-pattern', 'https://shop.example/thanks');
    await page.click('#rule-form button[type=submit]');
    await page.waitForSelector('.data-table th[scope=row] >> text=Thank-you page');
    await page.fill('#rule-form-name', 'Any order');
    await page.selectOption('#rule-form-kind', 'pattern');
    await page.fill('#rule-form-pattern', 'https://shop.example/order/*/done');
    await page.click('#rule-form button[type=submit]');
    await page.waitForSelector('.data-table th[scope=row] >> text=Any order');

    await page.fill('#rule-test-url', 'https://Shop.example/thanks?email=a%40b.example#top');
    await page.click('#rule-test button[type=submit]');
    const result = page.locator('.rule-test-result');
    await result.waitFor();
    expect(await result.locator('.facts dd').first().innerText()).to.equal('https://shop.example/thanks');
    expect(await result.locator('.verdict.match .verdict-name').allInnerTexts()).to.deep.equal(['Thank-you page']);
    expect(await result.locator('.rule-test-summary').innerText()).to.equal('A page view of it converts on: Thank-you page.');

    // A refused pattern is named under the pattern field.
    await page.fill('#rule-form-name', 'Too wild');
    await page.fill('#rule-form-pattern', `https://shop.example/${'*/'.repeat(9)}`);
    await page.click('#rule-form button[type=submit]');
    expect(await page.locator('#rule-form-pattern-error').innerText()).to.match(/^pattern must have at most 8 \* wildcards/);
    expect(unexpected(errors, 400)).to.deep.equal([]);
    await context.close();
  });

  it('when an admin rotates the read key then the new key is shown once, works, and the old one stops', async () => {
    const { context, page, errors } = await openAdmin(d.users.admin, 'keys');
    await page.selectOption('#rotate-form-kind', 'read');
    expect(await page.inputValue('#rotate-form-graceDays')).to.equal('0');
    await page.click('#rotate-form button[type=submit]');
    const secret = page.locator('.secret-once .secret-value');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).to.match(/^cpr_/);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.url });
    await page.click('.secret-once button.primary');
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(key);

    const stats = (k: string) => fetch(`${d.url}/v1/stats/overview`, { headers: { authorization: `Bearer ${k}` } }).then((r) => r.status);
    expect(await stats(key)).to.equal(200);
    expect(await stats(d.project.readKey)).to.equal(401);
    d.project.readKey = key;

    // Once dismissed it is gone from the page: the list holds prefixes only.
    await page.click('.secret-once button:not(.primary)');
    expect(await page.locator('.secret-once').count()).to.equal(0);
    expect(await page.content()).not.to.contain(key);
    // The API reference is one click away, outside the app.
    expect(await page.getAttribute('a.button >> text=API reference', 'href')).to.equal('/docs');
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when an owner adds a member by e-mail then the first password is shown once and lets that person log in with the chosen role', async () => {
    const { context, page, errors } = await openAdmin(d.users.owner, 'members');
    await page.fill('#member-form-email', 'new.colleague@example.com');
    await page.selectOption('#member-form-role', 'member');
    await page.click('#member-form button[type=submit]');
    const secret = page.locator('.secret-once .secret-value');
    await secret.waitFor();
    const password = await secret.inputValue();
    expect(password.length).to.be.greaterThanOrEqual(10);
    await page.waitForSelector('.data-table th[scope=row] >> text=new.colleague@example.com');

    const login = await fetch(`${d.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new.colleague@example.com', password }),
    });
    expect(login.status).to.equal(200);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const session = (await (await fetch(`${d.url}/v1/auth/session`, { headers: { cookie } })).json()) as { projects: { id: string; role: string }[] };
    expect(session.projects).to.deep.equal([{ ...session.projects[0], id: d.project.projectId, role: 'member' }]);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when a viewer is logged in then no admin entry is shown and an admin route answers 403 to its session', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/overview`);
    expect(await page.locator('.nav-link', { hasText: 'Admin' }).count()).to.equal(0);
    const answers = await page.evaluate(async (projectId) => {
      const read = await fetch('/v1/admin/project', { headers: { 'X-Cuepoint-Project': projectId } });
      const session = (await (await fetch('/v1/auth/session')).json()) as { csrfToken: string };
      const write = await fetch('/v1/admin/videos', {
        method: 'POST',
        headers: { 'X-Cuepoint-Project': projectId, 'X-CSRF-Token': session.csrfToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ videoId: 'by-viewer', title: 'nope' }),
      });
      return { read: read.status, readCode: ((await read.json()) as { error: { code: string } }).error.code, write: write.status };
    }, d.project.projectId);
    expect(answers).to.deep.equal({ read: 403, readCode: 'insufficient_role', write: 403 });
    expect((await adminApi('/v1/admin/videos/by-viewer')).status).to.equal(404);

    await page.goto(`${d.url}/app${adminPath('videos')}`);
    await page.waitForSelector('.empty-state');
    expect(await page.locator('.subnav').count()).to.equal(0);
    await context.close();
  });

  it('when a page on another origin of the same site posts a form to an admin route with the admin logged in then it is refused 403 and nothing changes', async () => {
    const apiUrl = d.url;
    site = await startSite(() => ({
      '/attack.html': `<!doctype html><html><head><meta charset="utf-8"><title>Win a prize</title></head><body>
<form id="f" method="POST" action="${apiUrl}/v1/admin/videos" enctype="text/plain">
  <input type="hidden" name='{"videoId":"planted","title":"x","pad":"' value='"}'>
  <button id="go" type="submit">Claim</button>
</form></body></html>`,
    }));
    expect(new URL(site.origin).hostname).to.equal(new URL(apiUrl).hostname);
    expect(site.origin).not.to.equal(apiUrl);

    const { context, page } = await d.newPage();
    await d.login(page, d.users.admin, adminPath('videos'));
    await page.goto(`${site.origin}/attack.html`);
    const answer = page.waitForResponse((r) => r.url() === `${apiUrl}/v1/admin/videos`);
    await page.click('#go');
    const response = await answer;
    // The session cookie went along (same site), so only the missing CSRF token stops it.
    expect(response.request().headers()['cookie'] ?? (await response.request().allHeaders())['cookie']).to.match(/cuepoint_session=/);
    expect(response.status()).to.equal(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('csrf_token_missing');
    expect((await adminApi('/v1/admin/videos/planted')).status).to.equal(404);
    await context.close();
  });

  it('when an admin opens the settings then there is neither a members tab nor a delete button; an owner deletes a project only after typing its name', async () => {
    const asAdmin = await openAdmin(d.users.admin, 'settings');
    await asAdmin.page.waitForSelector('#settings-form-name');
    expect(await asAdmin.page.locator('.subnav-link[href$="/admin/members"]').count()).to.equal(0);
    expect(await asAdmin.page.locator('.danger-zone').count()).to.equal(0);
    await asAdmin.context.close();

    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.owner, `/p/${d.other.projectId}/admin/settings`);
    const confirm = page.locator('#delete-project-confirmName');
    await confirm.waitFor();
    const button = page.locator('.danger-zone button[type=submit]');
    await confirm.fill(d.other.name.slice(0, -1));
    expect(await button.isDisabled()).to.equal(true);
    await confirm.fill(d.other.name);
    await button.click();
    await page.waitForURL(`${d.url}/app/`);
    await page.waitForSelector(`[data-project="${d.project.projectId}"]`);
    expect(await page.locator(`[data-project="${d.other.projectId}"]`).count()).to.equal(0);
    const gone = await fetch(`${d.url}/v1/admin/project`, { headers: { authorization: `Bearer ${d.other.adminKey}` } });
    expect(gone.status).to.equal(401);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when the browser asks for Japanese then the admin screens speak it, dates included', async () => {
    const { context, page, errors } = await d.newPage({ locale: 'ja-JP' });
    await d.login(page, d.users.owner, adminPath('keys'));
    await page.waitForSelector('.subnav');
    expect(await page.locator('.subnav-link').allInnerTexts()).to.deep.equal(['動画', 'スロット', 'コンバージョンルール', 'APIキー', 'プロジェクト設定', 'メンバー']);
    await page.waitForSelector('.data-table tbody th');
    // A creation time in the project's zone, written the Japanese way (2026年12月6日 20:32 JST).
    expect(await page.locator('.data-table tbody td').nth(1).innerText()).to.match(/^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} JST$/);
    await d.screenshot(page, 'admin-keys-ja-1280');
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when each admin screen is shown at desktop and phone sizes then it fits the width, has no serious accessibility violations, and is saved as a screenshot', async () => {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const { context, page, errors } = await openAdmin(d.users.owner, 'videos', size);
      for (const name of PAGES) {
        await page.click(`.subnav-link[href$="/admin/${name}"]`);
        await page.waitForSelector(`.subnav-link[aria-current=page][href$="/admin/${name}"]`);
        await page.waitForSelector('.main .card');
        await page.waitForFunction(() => document.querySelector('.main .loading') === null);
        if (name === 'rules') {
          await page.fill('#rule-test-url', 'https://shop.example/order/7/done');
          await page.click('#rule-test button[type=submit]');
          await page.waitForSelector('.rule-test-result');
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} at ${size.width} px scrolls sideways`).to.be.at.most(0);
        const violations = await seriousA11yViolations(page);
        expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `${name} at ${size.width}`).to.deep.equal([]);
        await d.screenshot(page, `admin-${name}-${size.width}`);
      }
      expect(errors).to.deep.equal([]);
      await context.close();
    }
  });
});
