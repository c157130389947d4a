import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type {
  BreakdownFigures,
  CampaignsResponse,
  DevicesResponse,
  LocationsResponse,
  SitePagesResponse,
  SiteResponse,
  SourcesResponse,
} from '../../../web/src/api/reportTypes.js';
import { requireChromium } from '../helpers.js';
import { Dashboard, seriousA11yViolations } from './harness.js';
import { FORMULA, hostileSiteEvents, ingestFrom, localDay, PLACES, readTable, tourEvents, XSS } from './videosSiteSeed.js';

const en = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A site card's figure as written in English, by the test's own rules. */
function cardText(name: string, value: number | null): string {
  if (value === null) return '–';
  if (name === 'bounceRate') return percent.format(value);
  if (name === 'avgSessionSeconds') {
    const s = Math.round(value);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n: number) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  }
  return en.format(Math.round(value * 100) / 100);
}

const CARDS = ['visitors', 'sessions', 'pageviews', 'bounceRate', 'avgSessionSeconds', 'pagesPerSession'] as const;
const BREAKDOWN = ['visitors', 'sessions', 'pageviews', 'bounceRate', 'avgSessionSeconds', 'pagesPerSession', 'plays', 'conversions', 'cvr'] as const;
const PAGE = ['views', 'visitors', 'sessions', 'entries', 'exits', 'exitRate', 'avgTimeOnPageSeconds', 'medianTimeOnPageSeconds', 'opens', 'openRate', 'openers', 'interactions'] as const;

const asNumber = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));

/** Every row of a breakdown answer is in the table under its values, with the same figures. */
async function expectBreakdown<E extends BreakdownFigures>(page: Page, card: string, entries: E[], values: (e: E) => unknown[]) {
  const table = await readTable(page, card);
  expect(entries.length, card).to.be.greaterThan(0);
  for (const entry of entries) {
    const key = JSON.stringify(values(entry));
    const row = table.get(key);
    expect(row, `${card} ${key}`).to.not.equal(undefined);
    for (const f of BREAKDOWN) expect(asNumber(row!.get(f)?.value), `${card} ${key} ${f}`).to.equal(entry[f]);
  }
}

describe('dashboard in Chromium: the site screen', function () {
  this.timeout(180_000);
  let d: Dashboard;
  let range: { from: string; to: string };

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start();
    await ingestFrom(d, [
      { ip: PLACES.lyon, events: hostileSiteEvents('https://shop.example') },
      { ip: PLACES.osaka, events: tourEvents('https://shop.example') },
    ]);
    await d.rollUp();
    range = { from: localDay(d.project.timezone, 29), to: localDay(d.project.timezone) };
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  const open = async (options: { width?: number; height?: number; query?: string } = {}) => {
    const session = await d.newPage({ width: options.width ?? 1280, height: options.height ?? 800 });
    await d.login(session.page, d.users.member, `/p/${d.project.projectId}/site?from=${range.from}&to=${range.to}${options.query ?? ''}`);
    await session.page.waitForSelector('[data-testid=site-cards] [data-metric] [data-value]');
    await session.page.waitForSelector('.site-locations tr[data-key]');
    return session;
  };

  it('when the site screen is open then its cards, series and every table equal the stats API', async () => {
    const { context, page, errors } = await open();
    const site = await d.stats<SiteResponse>('site', range);
    const cards = await page.$$eval('[data-testid=site-cards] [data-metric]', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-metric') ?? '', e.querySelector('[data-value]')?.textContent ?? ''])),
    );
    for (const name of CARDS) expect(cards[name], name).to.equal(cardText(name, site.totals[name]));
    expect(site.totals.sessions).to.be.greaterThan(0);

    // The chart's numbers: one entry per day of the range, each the API's.
    const series = await page.$$eval('.site-trend figure.chart tbody tr', (trs) => trs.map((tr) => tr.lastElementChild?.textContent ?? ''));
    expect(series).to.deep.equal(site.series.map((p) => cardText('visitors', p.visitors)));

    const pages = await d.stats<SitePagesResponse>('site/pages', range);
    const pageTable = await readTable(page, '.site-pages');
    for (const p of pages.pages) {
      const row = pageTable.get(JSON.stringify([p.url]));
      expect(row, p.url).to.not.equal(undefined);
      for (const f of PAGE) expect(asNumber(row!.get(f)?.value), `${p.url} ${f}`).to.equal(p[f]);
    }

    const sources = await d.stats<SourcesResponse>('sources', range);
    await expectBreakdown(page, '.site-sources', sources.sources, (e) => [e.source, e.platform]);
    const campaigns = await d.stats<CampaignsResponse>('campaigns', range);
    await expectBreakdown(page, '.site-campaigns', campaigns.campaigns, (e) => [e.source, e.medium, e.campaign]);
    const devices = await d.stats<DevicesResponse>('devices', range);
    await expectBreakdown(page, '.site-devices', devices.devices, (e) => [e.value]);
    const countries = await d.stats<LocationsResponse>('locations', range);
    await expectBreakdown(page, '.site-locations', countries.locations, (e) => [e.country, '', '']);

    // The map: drawn, and its numbers (for screen readers) are the sessions per country.
    await page.waitForSelector('.site-locations .world-map canvas');
    const mapRows = await page.$$eval('.site-locations figure.chart tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    const placed = countries.locations.filter((l) => /^[A-Z]{2}$/.test(l.country));
    expect(placed.map((l) => l.country).sort()).to.deep.equal(['FR', 'JP']);
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    expect(mapRows).to.have.deep.members(placed.map((l) => [names.of(l.country), en.format(l.sessions)]));
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when the site screen loads then it asks each stats URL once, though several parts show the same answer', async () => {
    const { context, page, errors } = await open();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/stats/')) asked.push(r.url());
    });
    await page.reload();
    await page.waitForSelector('[data-testid=site-cards] [data-metric] [data-value]');
    await page.waitForSelector('.site-locations .world-map canvas');
    expect(asked.length).to.be.greaterThan(3);
    expect(asked.filter((u, i) => asked.indexOf(u) !== i)).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when the breakdowns are switched then devices and places follow, down to the city', async () => {
    const { context, page, errors } = await open();
    await page.click('.site-devices .segmented button:has-text("Language")');
    await page.waitForSelector('.site-devices tr[data-key=\'["ja"]\']');
    const languages = await d.stats<DevicesResponse>('devices', { ...range, by: 'language' });
    await expectBreakdown(page, '.site-devices', languages.devices, (e) => [e.value]);
    expect((await readTable(page, '.site-devices')).get('["ja"]')!.get('v:value')!.text).to.equal('Japanese (ja)');

    await page.click('.site-locations .segmented button:has-text("City")');
    await page.waitForSelector('.site-locations tr[data-key*="Lyon"]');
    const cities = await d.stats<LocationsResponse>('locations', { ...range, by: 'city' });
    await expectBreakdown(page, '.site-locations', cities.locations, (e) => [e.country, e.region ?? '', e.city ?? '']);
    expect(cities.locations.map((l) => l.city)).to.include.members(['Lyon', 'Osaka']);
    expect(new URL(page.url()).searchParams.get('places')).to.equal('city');
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when page URLs and UTM values carry markup and formulas then they show as text, nothing runs, and the CSV cell is inert', async () => {
    const { context, page, errors } = await open();
    // The campaign and the page as sent, shown as text.
    const campaigns = await readTable(page, '.site-campaigns');
    const hostile = campaigns.get(JSON.stringify([FORMULA, 'email', XSS]));
    expect(hostile, 'the hostile campaign row').to.not.equal(undefined);
    expect(hostile!.get('v:campaign')!.text).to.equal(XSS);
    expect(hostile!.get('v:source')!.text).to.equal(FORMULA);
    const pageLink = page.locator('.site-pages a.page-url', { hasText: 'img' });
    expect(await pageLink.count()).to.equal(1);
    expect(await pageLink.getAttribute('href')).to.match(/^https:\/\/shop\.example\//);
    expect(await page.locator('main img').count()).to.equal(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);

    // Exported, the formula is text: its cell starts with a quote.
    const download = page.waitForEvent('download');
    await page.click('.site-campaigns .data-table-tools button');
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv).to.contain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).to.not.match(/(^|,)"?=HYPERLINK/m);
    expect(csv).to.contain(XSS);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`when the site screen is shown at ${width}×${height} then a screenshot is written and axe finds no serious violation`, async () => {
      const { context, page, errors } = await open({ width, height });
      await page.waitForSelector('.site-locations .world-map canvas');
      await page.waitForTimeout(500);
      await d.screenshot(page, `site-${width}x${height}`);
      expect(await seriousA11yViolations(page)).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      await context.close();
    });
  }
});
