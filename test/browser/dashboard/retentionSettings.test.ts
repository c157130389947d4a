import { expect } from 'chai';
import { requireChromium } from '../helpers.js';
import { Dashboard } from './harness.js';

describe('dashboard in Chromium: retention in the project settings', function () {
  this.timeout(120_000);
  let d: Dashboard;

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start({ traffic: { days: 1, visitorsPerDay: 1, videos: 1 } });
  });
  after(async () => {
    // Undefined when the suite was skipped (no Chromium).
    await (d as Dashboard | undefined)?.close();
  });

  it('when an admin sets the raw event retention then a value below the bounds is named under its field and a valid one is stored', async () => {
    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.admin, `/p/${d.project.projectId}/admin/settings`);
    const field = page.locator('#settings-form-retentionDays');
    await field.waitFor();
    expect(await field.inputValue()).to.equal('90');

    await field.fill('20');
    await page.click('#settings-form button[type=submit]');
    expect(await page.locator('#settings-form-retentionDays-error').innerText()).to.match(/^retentionDays .*31/);

    await field.fill('400');
    await page.click('#settings-form button[type=submit]');
    await page.locator('text=Settings saved.').waitFor();
    const stored = (await (await d.admin('GET', '/v1/admin/project')).json()) as { retentionDays: number; rawKeptFrom: string | null };
    expect(stored).to.include({ retentionDays: 400, rawKeptFrom: null });
    await d.screenshot(page, 'admin-settings-retention-1280');
    expect(errors.filter((e) => !e.includes('status of 400 '))).to.deep.equal([]);
    await context.close();
  });
});
