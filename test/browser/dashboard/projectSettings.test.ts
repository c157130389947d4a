import { expect } from 'chai';
import { requireChromium } from '../helpers.js';
import { Dashboard } from './harness.js';

/** One numeric field of the project settings form: what it shows first, a value it refuses, one it stores. */
interface SettingsFieldCase {
  suite: string;
  test: string;
  field: 'holdoutPercent' | 'retentionDays' | 'segmentSlotProperty';
  shownAtFirst: string;
  refused: { value: string; message: RegExp };
  accepted: { value: string; stored: Record<string, unknown> };
  /** A screenshot of the saved form, for a person to look at. */
  screenshot?: string;
}

const cases: SettingsFieldCase[] = [
  {
    suite: 'dashboard in Chromium: the holdout in the project settings',
    test: 'when an admin sets the holdout then a share above 50 % is named under its field and a valid one is stored',
    field: 'holdoutPercent',
    shownAtFirst: '0',
    refused: { value: '60', message: /^holdoutPercent .*50/ },
    accepted: { value: '10', stored: { holdoutPercent: 10 } },
  },
  {
    suite: 'dashboard in Chromium: retention in the project settings',
    test: 'when an admin sets the raw event retention then a value below the bounds is named under its field and a valid one is stored',
    field: 'retentionDays',
    shownAtFirst: '90',
    refused: { value: '20', message: /^retentionDays .*31/ },
    accepted: { value: '400', stored: { retentionDays: 400, rawKeptFrom: null } },
    screenshot: 'admin-settings-retention-1280',
  },
  {
    suite: 'dashboard in Chromium: the Segment slot property in the project settings',
    test: 'when an admin names the Segment slot property then a dotted path is named under its field and a property name is stored',
    field: 'segmentSlotProperty',
    // Empty: the default, shown as the placeholder.
    shownAtFirst: '',
    refused: { value: 'properties.slot', message: /^segmentSlotProperty .*property name/ },
    accepted: { value: 'placement_id', stored: { segmentSlotProperty: 'placement_id' } },
    screenshot: 'admin-settings-segment-slot-1280',
  },
];

for (const c of cases) {
  describe(c.suite, function () {
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

    it(c.test, async () => {
      const { context, page, errors } = await d.newPage();
      await d.login(page, d.users.admin, `/p/${d.project.projectId}/admin/settings`);
      const field = page.locator(`#settings-form-${c.field}`);
      await field.waitFor();
      expect(await field.inputValue()).to.equal(c.shownAtFirst);

      await field.fill(c.refused.value);
      await page.click('#settings-form button[type=submit]');
      expect(await page.locator(`#settings-form-${c.field}-error`).innerText()).to.match(c.refused.message);

      await field.fill(c.accepted.value);
      await page.click('#settings-form button[type=submit]');
      await page.locator('text=Settings saved.').waitFor();
      const stored = (await (await d.admin('GET', '/v1/admin/project')).json()) as Record<string, unknown>;
      expect(stored).to.include(c.accepted.stored);
      if (c.screenshot) await d.screenshot(page, c.screenshot);
      expect(errors.filter((e) => !e.includes('status of 400 '))).to.deep.equal([]);
      await context.close();
    });
  });
}
