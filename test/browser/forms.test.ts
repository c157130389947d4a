import { mkdirSync } from 'node:fs';
import { expect } from 'chai';
import { TrackerHarness } from './trackerHarness.js';

declare global {
  interface Window {
    passwordReads?: number;
  }
}

interface Submission {
  form_id: string;
  fields: { name: string; type: string | null; length: number | null; value?: string }[];
  seconds_to_complete: number | null;
}

describe('tracker in Chromium: forms', function () {
  this.timeout(60_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Forms',
    pages: ({ head }) => ({
      '/contact.html': `${head('Contact')}<body>
  <form data-cp-form="contact" action="/thanks.html" method="get">
    <input id="name" name="name" type="text" data-cp-value>
    <input id="email" name="email" type="email">
    <input id="password" name="password" type="password" data-cp-value>
    <input id="reveal" name="pin" type="text" autocomplete="new-password" data-cp-value>
    <select id="plan" name="plan" data-cp-value><option>basic</option><option>pro</option></select>
    <textarea id="note" name="note" data-cp-value></textarea>
    <input type="hidden" name="csrf" value="token-123">
    <button id="send" type="submit">Send</button>
  </form>
  <form id="untracked" action="/thanks.html"><input id="search" name="q"></form></body></html>`,
      '/thanks.html': `${head('Thanks')}<body><p>thanks</p></body></html>`,
    }),
    beforeWorker: async (started) => {
      const allow = await started.admin('PATCH', '/v1/admin/project', { formAllowlist: ['name', 'email', 'password', 'pin', 'plan', 'note'] });
      expect(allow.status).to.equal(200);
    },
    worker: 'in-process',
  });

  it('when a visitor fills in and submits a marked form then a start and a submit arrive, and the password value is never read', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    const sent: Record<string, unknown>[] = [];
    context.on('request', (req) => {
      if (!req.url().endsWith('/v1/events') || req.method() !== 'POST') return;
      sent.push(...((JSON.parse(req.postData() ?? '{}') as { events?: Record<string, unknown>[] }).events ?? []));
    });
    await page.goto(`${h.site.origin}/contact.html`);
    await h.trackerReady(page);
    // Every read of a password input's value from here on is counted, whoever reads it.
    await page.evaluate(() => {
      const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
      window.passwordReads = 0;
      Object.defineProperty(HTMLInputElement.prototype, 'value', {
        configurable: true,
        get(this: HTMLInputElement) {
          if (this.type === 'password') window.passwordReads = (window.passwordReads ?? 0) + 1;
          return native.get!.call(this) as string;
        },
        set(this: HTMLInputElement, v: string) {
          native.set!.call(this, v);
        },
      });
    });
    await page.locator('#name').pressSequentially('Jane');
    await page.locator('#email').pressSequentially('jane@example.com');
    await page.locator('#password').pressSequentially('hunter2-secret');
    await page.locator('#reveal').pressSequentially('9876');
    await page.selectOption('#plan', 'pro');
    await page.locator('#note').pressSequentially('card 4111 1111 1111 1111 please');
    await page.locator('#search').pressSequentially('not tracked');
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/forms-contact.png' });
    const reads = await page.evaluate(() => {
      (document.getElementById('send') as HTMLButtonElement).click();
      return window.passwordReads;
    });
    expect(reads, 'reads of the password value').to.equal(0);
    await page.waitForURL(/thanks\.html/);
    await page.waitForFunction(() => !(localStorage.getItem('cp_q') ?? '').includes('"form_submit"'), undefined, { timeout: 10_000 });
    await page.goto('about:blank');
    await context.close();

    const rows = await h.poll(
      () => h.rows<Submission>(`select form_id, fields, seconds_to_complete from form_submissions where project_id = $1`, [h.project.projectId]),
      (r) => r.length > 0,
    );
    expect(rows).to.have.length(1);
    expect(rows[0]!.fields).to.deep.equal([
      { name: 'name', type: 'text', length: 4, value: 'Jane' },
      { name: 'email', type: 'email', length: 16 },
      { name: 'password', type: 'password', length: null },
      { name: 'pin', type: 'text', length: null },
      { name: 'plan', type: 'select-one', length: 3, value: 'pro' },
      { name: 'note', type: 'textarea', length: 31, value: 'card [REDACTED] please' },
    ]);
    expect(rows[0]!.seconds_to_complete).to.be.a('number').and.at.least(0);
    const starts = await h.t.pool.query(`select form_id from form_starts where project_id = $1`, [h.project.projectId]);
    expect(starts.rows).to.deep.equal([{ form_id: 'contact' }]);

    // What left the browser: no password value or length, no unmarked value, nothing of the unmarked form.
    // Delivery is at least once: a batch whose answer came late is sent again, with the same ids.
    const once = [...new Map(sent.map((e) => [e.id, e])).values()];
    const forms = once.filter((e) => String(e.type).startsWith('form_'));
    expect(forms.map((e) => e.type).sort()).to.deep.equal(['form_start', 'form_submit']);
    const submitted = forms.find((e) => e.type === 'form_submit')!;
    expect(JSON.stringify(submitted)).to.not.include('hunter2').and.not.include('9876').and.not.include('jane@example.com').and.not.include('token-123');
    expect(submitted.values).to.deep.equal({ name: 'Jane', plan: 'pro', note: 'card 4111 1111 1111 1111 please' });
  });
});
