import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startWeb } from '../../../api/server.js';
import { cityDb, TEST_IPS } from '../../helpers/geoDatabases.js';
import { waitFor } from '../../helpers/processes.js';
import { silentLog } from '../../helpers/services.js';
import { REAL_UA } from '../helpers.js';
import type { Dashboard } from './harness.js';
import type { IngestEvent } from './seedEvents.js';

/** Markup that runs a script if any screen ever turns data into HTML. */
export const XSS = '<img src=x onerror=window.__xss=1>';
/** A spreadsheet formula: the CSV must hold it as text. */
export const FORMULA = '=HYPERLINK("http://x")';

/** The branching video the videos tests look for: intro → left three times, intro → right twice, left → outro once. */
export const TOUR = { videoId: 'tour', title: 'Guided tour', choices: { 'intro>left': 3, 'intro>right': 2, 'left>outro': 1 } } as const;

const MINUTE = 60_000;

function visit(ts: number, fields: { url: string; referrer?: string; language?: string; screenWidth?: number }): { events: IngestEvent[]; at: (type: string, more?: Record<string, unknown>) => void } {
  const base = { visitorId: randomUUID(), sessionId: randomUUID() };
  const events: IngestEvent[] = [];
  let t = ts;
  const at = (type: string, more: Record<string, unknown> = {}) => {
    t += 2000;
    events.push({ id: randomUUID(), type, ts: t, ...base, language: fields.language ?? 'en-US', screenWidth: fields.screenWidth ?? 1440, ...more });
  };
  at('page_view', { url: fields.url, title: 'Tour page', ...(fields.referrer === undefined ? {} : { referrer: fields.referrer }) });
  return { events, at };
}

/** Visitors who play the tour and choose their way through it (the choices of TOUR). */
export function tourEvents(origin: string, now = Date.now()): IngestEvent[] {
  const events: IngestEvent[] = [];
  const paths = [
    ['left', 'outro'],
    ['left'],
    ['left'],
    ['right'],
    ['right'],
  ];
  paths.forEach((path, i) => {
    const v = visit(now - 3 * 3_600_000 - i * MINUTE, { url: `${origin}/tour` });
    v.at('impression', { url: `${origin}/tour` });
    v.at('widget_open', { url: `${origin}/tour` });
    let slot = 'intro';
    const playId = randomUUID();
    v.at('video_play', { videoId: TOUR.videoId, slotId: slot, playId });
    for (const next of path) {
      v.at('click', { videoId: TOUR.videoId, slotId: slot, playId, target: 'choice', label: 'Go', toSlotId: next });
      slot = next;
      v.at('video_play', { videoId: TOUR.videoId, slotId: slot, playId: randomUUID() });
    }
    events.push(...v.events);
  });
  return events;
}

/**
 * Site traffic whose text is hostile: a page path, a campaign and a UTM source carrying markup
 * and a formula, as anyone with the public write key can send them.
 */
export function hostileSiteEvents(origin: string, now = Date.now()): IngestEvent[] {
  const events: IngestEvent[] = [];
  const campaign = new URLSearchParams({ utm_source: FORMULA, utm_medium: 'email', utm_campaign: XSS }).toString();
  for (let i = 0; i < 3; i++) {
    const v = visit(now - 2 * 3_600_000 - i * MINUTE, { url: `${origin}/landing?${campaign}`, referrer: 'https://www.google.com/', language: 'ja-JP', screenWidth: 390 });
    v.at('page_view', { url: `${origin}/${XSS}` });
    events.push(...v.events);
  }
  return events;
}

/**
 * Sends events through a second web process on the same database that trusts one proxy hop and
 * reads an operator's city database (the made-up test one), each batch as from `ip`: the places
 * of the locations report, without touching the dashboard's own server.
 */
export async function ingestFrom(dashboard: Dashboard, batches: { ip: string; events: IngestEvent[] }[]): Promise<void> {
  const dir = join(tmpdir(), `cuepoint-geo-${randomUUID()}`);
  const cityPath = `${dir}.mmdb`;
  writeFileSync(cityPath, cityDb());
  const config = dashboard.t.config;
  const web = await startWeb({ ...config, http: { ...config.http, trustProxyHops: 1 }, geo: { ...config.geo, cityDb: cityPath } }, silentLog);
  try {
    const count = async () => Number((await dashboard.t.pool.query<{ n: string }>('select count(*)::text as n from events where project_id = $1', [dashboard.project.projectId])).rows[0]?.n ?? 0);
    const before = await count();
    let sent = 0;
    for (const batch of batches) {
      const res = await fetch(`${web.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cuepoint-key': dashboard.project.writeKey, 'user-agent': REAL_UA, 'x-forwarded-for': batch.ip },
        body: JSON.stringify({ events: batch.events }),
      });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      sent += batch.events.length;
    }
    await waitFor(async () => ((await count()) >= before + sent ? true : undefined), 60_000, `${sent} events stored`);
  } finally {
    await web.close();
    rmSync(cityPath, { force: true });
  }
}

export const PLACES = { lyon: TEST_IPS.lyon, osaka: TEST_IPS.osaka };

/** The project's local day `days` before today (YYYY-MM-DD). */
export function localDay(timeZone: string, daysBack = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());
  return new Date(Date.parse(`${today}T00:00:00Z`) - daysBack * 86_400_000).toISOString().slice(0, 10);
}

/** Every row of a data table: its key, and per column its raw value (`data-value`) and its text. */
export async function readTable(page: Page, tableSelector: string): Promise<Map<string, Map<string, { value: string; text: string }>>> {
  const rows = await page.$$eval(`${tableSelector} tr[data-key]`, (trs) =>
    trs.map((tr) => ({
      key: tr.getAttribute('data-key') ?? '',
      cells: [...tr.querySelectorAll('[data-col]')].map((c) => ({ col: c.getAttribute('data-col') ?? '', value: c.getAttribute('data-value') ?? '', text: c.textContent.trim() })),
    })),
  );
  return new Map(rows.map((r) => [r.key, new Map(r.cells.map((c) => [c.col, { value: c.value, text: c.text }]))]));
}
