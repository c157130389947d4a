import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { FormsResponse } from '../../web/src/api/reportTypes.js';
import { Dashboard, seriousA11yViolations } from './dashboard/harness.js';
import type { IngestEvent } from './dashboard/seedEvents.js';
import { localDay, readTable } from './dashboard/videosSiteSeed.js';
import { requireChromium } from './helpers.js';

const HOSTILE = '<img src=x onerror="window.__xss=1">';

/** Attempts a few minutes ago: three contact starts (two finished in 40 and 90 s), a newsletter without a start, and a hostile form id. */
function formEvents(): IngestEvent[] {
  const now = Date.now() - 10 * 60_000;
  const events: IngestEvent[] = [];
  const attempt = (formId: string, startAt: number | null, submitAfter: number | null) => {
    const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
    if (startAt !== null) events.push({ id: randomUUID(), type: 'form_start', ts: startAt, ...ids, formId });
    if (submitAfter !== null) {
      events.push({ id: randomUUID(), type: 'form_submit', ts: (startAt ?? now) + submitAfter * 1000, ...ids, formId, outcome: 'submitted', fields: [{ name: 'email', type: 'email', length: 12 }] });
    }
  };
  attempt('contact', now, 40);
  attempt('contact', now, 90);
  attempt('contact', now, null);
  attempt('newsletter', null, 0);
  attempt(HOSTILE, now, 5);
  return events;
}

describe('dashboard in Chromium: the forms screen', function () {
  this.timeout(180_000);
  let d: Dashboard;

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start({ traffic: { days: 2, visitorsPerDay: 2 } });
    await d.ingest(formEvents());
    await d.rollUp();
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  it('when the forms screen is open then its table equals the stats API, in English and Japanese, and form ids stay text', async () => {
    const range = { from: localDay(d.project.timezone, 1), to: localDay(d.project.timezone) };
    const answer = await d.stats<FormsResponse>('forms', range);
    expect(answer.forms.map((f) => f.formId)).to.have.members(['contact', 'newsletter', HOSTILE]);

    for (const locale of ['en-US', 'ja-JP']) {
      const { context, page, errors } = await d.newPage({ locale });
      await d.login(page, d.users.viewer, `/p/${d.project.projectId}/forms?from=${range.from}&to=${range.to}`);
      await page.waitForSelector('.forms-table tr[data-key]');
      const table = await readTable(page, '.forms-table');
      for (const form of answer.forms) {
        const row = table.get(JSON.stringify([form.formId]));
        expect(row, form.formId).to.not.equal(undefined);
        expect(row!.get('formId')?.text).to.equal(form.formId);
        for (const name of ['starts', 'completed', 'submits', 'completionRate', 'abandonRate', 'avgSecondsToComplete', 'medianSecondsToComplete'] as const) {
          const value = row!.get(name)?.value;
          expect(value === '' ? null : Number(value), `${form.formId} ${name}`).to.equal(form[name]);
        }
      }
      const contact = table.get(JSON.stringify(['contact']))!;
      expect(contact.get('completionRate')?.text).to.match(/^66[.,]7\s?%$/);
      expect(contact.get('medianSecondsToComplete')?.text).to.equal('1:05');
      expect(await page.textContent('nav')).to.include(locale === 'ja-JP' ? 'フォーム' : 'Forms');
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).to.equal(undefined);
      expect(await seriousA11yViolations(page)).to.deep.equal([]);
      await d.screenshot(page, `forms-screen-${locale}`);
      expect(errors).to.deep.equal([]);
      await context.close();
    }
  });
});
