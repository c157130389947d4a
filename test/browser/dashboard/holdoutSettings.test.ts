import { expect } from 'chai';
import { requireChromium } from '../helpers.js';
import { Dashboard } from './harness.js';

describe('dashboard in Chromium: the holdout in the project settings', function () {
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

  it('when an admin sets the holdout then a share above 50 % is named under its field and a valid one is stored', async () => {
    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.admin, `/p/${d.project.projectId}/admin/settings`);
    const field = page.locator('#settings-form-holdoutPercent');
    await field.waitFor();
    expect(await field.inputValue()).to.equal('0');

    await field.fill('60');
    await page.click('#settings-form button[type=submit]');
    expect(await page.locator('#settings-form-holdoutPercent-error').innerText()).to.match(/^holdoutPercent .*50/);

    await field.fill('10');
    await page.click('#settings-form button[type=submit]');
    await page.locator('text=Settings saved.').waitFor();
    const stored = (await (await d.admin('GET', '/v1/admin/project')).json()) as { holdoutPercent: number };
    expect(stored.holdoutPercent).to.equal(10);
    expect(errors.filter((e) => !e.includes('status of 400 '))).to.deep.equal([]);
    await context.close();
  });
});
