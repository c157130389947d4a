import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWeb, type WebServer } from '../../api/server.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { createTestEnv, silentLog, type TestEnv } from '../helpers/services.js';
import { CHROMIUM, CHROMIUM_ARGS, REAL_UA, requireChromium } from './helpers.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe('API reference at /docs in Chromium', function () {
  this.timeout(60_000);
  let t: TestEnv;
  let web: WebServer;
  let project: CreatedProject;
  let browser: Browser;
  const closers: (() => Promise<unknown>)[] = [];

  before(async function () {
    requireChromium(this);
    t = await createTestEnv({ PORT: '0' });
    closers.push(() => t.cleanup());
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Docs shop', timezone: 'UTC' });
    await orm.close();
    web = await startWeb(t.config, silentLog);
    closers.push(() => web.close());
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    closers.push(() => browser.close());
  });

  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  /** The page with every CSP violation and console error it reports collected. */
  async function openDocs(): Promise<{ page: Page; problems: string[]; violations: () => Promise<string[]> }> {
    const context = await browser.newContext({ userAgent: REAL_UA, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations?.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto(`${web.url}/docs`);
    return { page, problems, violations: () => page.evaluate(() => window.cspViolations ?? []) };
  }

  it('when /docs is fetched then it is an HTML page under a CSP without inline scripts, and its assets are long-cached', async () => {
    const res = await fetch(`${web.url}/docs`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.match(/script-src 'self'(;|$)/);
    expect(csp).to.match(/default-src 'none'/);
    expect(csp).to.match(/frame-ancestors 'none'/);
    const html = await res.text();
    // Every script is a file: no inline code at all.
    expect(html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[0-9a-f]{12}\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).to.have.length(3);
    for (const path of assets) {
      const asset = await fetch(`${web.url}${path}`);
      expect(asset.status, path).to.equal(200);
      expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    }
    expect((await fetch(`${web.url}/docs/assets/000000000000/swagger-ui-bundle.js`)).status).to.equal(404);

    const document = (await (await fetch(`${web.url}/openapi.json`)).json()) as { servers?: { url: string }[] };
    expect(document.servers).to.deep.equal([{ url: '/', description: 'The server this document came from' }]);
  });

  it('when /docs is opened then the operations are listed and nothing breaks the page policy', async () => {
    const { page, problems, violations } = await openDocs();
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    const normalized = paths.map((p) => p.replace(/\u200b/g, '').trim());
    expect(normalized).to.include('/v1/events');
    expect(normalized).to.include('/v1/stats/overview');
    expect(normalized).to.include('/v1/admin/conversion-rules');
    expect(await page.locator('.servers select option').allInnerTexts()).to.deep.equal(['/ - The server this document came from']);
    // The parts that render most: a request body with its example and schema, and a model.
    const createRule = page.locator('#operations-admin-createConversionRule');
    await createRule.locator('.opblock-summary-control').click();
    await createRule.locator('.highlight-code').first().waitFor();
    await createRule.locator('button.tablinks[data-name="model"]').first().click();
    const model = page.locator('section.models article', { hasText: 'ConversionRule' }).first();
    await model.locator('.json-schema-2020-12-expand-deep-button').click();
    await model.locator('.json-schema-2020-12-body').first().waitFor();
    expect(await violations()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
    await page.context().close();
  });

  it('when "try it" runs the overview with a read key then the server answers 200 with figures', async () => {
    const { page, problems, violations } = await openDocs();
    await page.waitForSelector('.opblock', { timeout: 20_000 });

    await page.click('button.authorize');
    const readKeyForm = page.locator('.auth-container', { hasText: 'readKey' });
    await readKeyForm.locator('input').fill(project.readKey);
    await readKeyForm.locator('button.authorize').click();
    await page.click('.auth-btn-wrapper button.btn-done');

    const operation = page.locator('#operations-stats-statsOverview');
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn').click();
    const answer = page.waitForResponse((r) => r.url().includes('/v1/stats/overview'));
    await operation.locator('button.execute').click();
    const response = await answer;
    expect(response.status()).to.equal(200);
    expect(response.request().headers()['authorization']).to.equal(`Bearer ${project.readKey}`);
    const body = (await response.json()) as { totals?: Record<string, number> };
    expect(body.totals?.impressions).to.equal(0);
    const shownStatus = operation.locator('.live-responses-table tbody .response-col_status').first();
    await shownStatus.waitFor();
    expect((await shownStatus.innerText()).trim()).to.equal('200');
    // The answer's body is shown highlighted, as the figures the server sent.
    expect(await operation.locator('.live-responses-table .highlight-code').first().innerText()).to.include('"impressions": 0');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}docs-try-it.png` });

    expect(await violations()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
    await page.context().close();
  });
});
