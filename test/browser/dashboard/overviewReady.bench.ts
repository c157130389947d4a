import { requireChromium } from '../helpers.js';
import { Dashboard } from './harness.js';

/**
 * Not a test: how long the overview takes to be ready (cards filled, both charts drawn) on
 * loopback with 90 days of data. Run by hand:
 *   npx mocha test/browser/dashboard/overviewReady.bench.ts
 * Prints the median of several loads per range, from navigation start (performance.now() in the page).
 */
describe('bench: overview ready time with 90 days of data', function () {
  this.timeout(600_000);
  let d: Dashboard;

  before(async function () {
    requireChromium(this);
    const started = Date.now();
    d = await Dashboard.start({ traffic: { days: 90, visitorsPerDay: 40, videos: 8 } });
    console.log(`      seeded ${d.events.length} events over 90 days and rolled them up in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  it('measures', async () => {
    const { context, page } = await d.newPage();
    await d.login(page, d.users.viewer);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: d.project.timezone }).format(Date.now());
    const from90 = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    for (const [label, query] of [
      ['7 days', ''],
      ['30 days', '?range=30d'],
      ['90 days', `?from=${from90}&to=${today}`],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        await page.goto(`${d.url}/app/p/${d.project.projectId}/overview${query}`);
        await page.waitForSelector('[data-testid=overview-cards] [data-value]');
        await page.waitForSelector('.main-chart canvas');
        await page.waitForSelector('.legend-list');
        times.push(await page.evaluate(() => performance.now()));
      }
      if (process.env.BENCH_DETAIL) {
        console.log(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${e.name.replace(location.origin, '').slice(0, 60)} ${Math.round(e.startTime)}-${Math.round((e as PerformanceResourceTiming).responseEnd)}`).join('\n')));
      }
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`      overview ${label}: first load ${Math.round(times[0] ?? 0)} ms, median of 5 ${Math.round(sorted[2] ?? 0)} ms (all: ${times.map(Math.round).join(', ')})`);
    }
    await context.close();
  });
});
