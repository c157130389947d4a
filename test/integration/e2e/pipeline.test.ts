import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startWeb, type WebServer } from '../../../api/server.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { spawnRole, stopRole, waitFor } from '../../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SHOP = 'https://shop.example';

interface EventRow {
  event_id: string;
  type: string;
  occurred_at: Date;
  url: string | null;
  page_key: string | null;
  utm_source: string | null;
  referrer_class: string | null;
  video_id: string | null;
  slot_id: string | null;
  percent: number | null;
  seconds: number | null;
  target: string | null;
  value: string | null;
  browser: string | null;
  device: string | null;
  is_bot: boolean;
  props: Record<string, unknown> | null;
}

describe('pipeline end to end: API -> queue -> worker process -> PostgreSQL', function () {
  this.timeout(60_000);
  let t: TestEnv;
  let web: WebServer;
  let worker: ChildProcess;
  let project: CreatedProject;

  before(async () => {
    t = await createTestEnv({ PORT: '0' });
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Shop', timezone: 'Asia/Tokyo', allowedOrigins: [SHOP] });
    await orm.close();
    web = await startWeb(t.config, silentLog);
    worker = spawnRole('worker/main.ts', t.env);
  });
  after(async () => {
    await stopRole(worker);
    await web.close();
    await t.cleanup();
  });

  async function post(events: unknown[], extra: Record<string, unknown> = {}, ua = UA): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${web.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': ua },
      body: JSON.stringify({ key: project.writeKey, events, ...extra }),
    });
    return { status: res.status, body: await res.json() };
  }

  async function rows(): Promise<EventRow[]> {
    const { rows } = await t.pool.query<EventRow>('select * from events order by occurred_at, type');
    return rows;
  }

  const visitorId = randomUUID();
  const sessionId = randomUUID();
  const playId = randomUUID();
  const now = Date.now();
  const base = (offsetMs: number) => ({ id: randomUUID(), visitorId, sessionId, ts: now - 60_000 + offsetMs });
  const video = { videoId: 'intro', slotId: 'hero', playId };
  const batch = [
    { ...base(0), type: 'page_view', url: 'https://Shop.Example/p/1?utm_source=news&gclid=x#top', referrer: 'https://www.google.com/' },
    { ...base(1), type: 'impression', url: 'https://shop.example/p/1' },
    { ...base(2), type: 'widget_open', url: 'https://shop.example/p/1' },
    { ...base(3), type: 'video_play', ...video },
    { ...base(4), type: 'video_progress', ...video, percent: 25 },
    { ...base(5), type: 'video_time', ...video, seconds: 9.5 },
    { ...base(6), type: 'click', videoId: 'intro', slotId: 'hero', playId, target: 'cta', label: 'Buy now' },
    { ...base(7), type: 'conversion', conversionType: 'purchase', value: 49.9, currency: 'EUR', orderId: 'A-1' },
    { ...base(8), type: 'form_submit', formId: 'contact', fields: ['name', 'email'], outcome: 'success' },
    { ...base(9), type: 'custom', name: 'quiz', props: { answer: 'b' } },
  ];

  it('when a mixed batch is posted then every event is stored once with normalized columns', async () => {
    // The client clock runs 10 minutes fast; sentAt lets the server correct it.
    const skew = 10 * 60_000;
    const skewed = batch.map((e) => ({ ...e, ts: e.ts + skew }));
    const answer = await post(skewed, { sentAt: Date.now() + skew });
    expect(answer).to.deep.equal({ status: 202, body: { accepted: 10, rejected: [] } });

    const stored = await waitFor(async () => {
      const r = await rows();
      return r.length === 10 ? r : undefined;
    }, 20_000, '10 stored events');
    expect(new Set(stored.map((r) => r.event_id))).to.deep.equal(new Set(batch.map((e) => e.id)));

    const byType = new Map(stored.map((r) => [r.type, r]));
    const pv = byType.get('page_view')!;
    expect(pv.url).to.equal('https://shop.example/p/1?utm_source=news');
    expect(pv.page_key).to.equal('https://shop.example/p/1');
    expect(pv.utm_source).to.equal('news');
    expect(pv.referrer_class).to.equal('search');
    // Corrected to within a few seconds of the true client time despite the 10-minute skew.
    expect(Math.abs(pv.occurred_at.getTime() - batch[0]!.ts)).to.be.lessThan(5000);
    expect(byType.get('video_progress')).to.include({ video_id: 'intro', slot_id: 'hero', percent: 25 });
    expect(byType.get('video_time')?.seconds).to.equal(9.5);
    expect(byType.get('click')).to.include({ target: 'cta', video_id: 'intro' });
    expect(byType.get('conversion')?.value).to.equal('49.9000');
    for (const r of stored) expect(r).to.include({ browser: 'Chrome', device: 'desktop', is_bot: false });

    const dirty = await t.pool.query<{ day: string }>(`select to_char(day, 'YYYY-MM-DD') as day from dirty_days`);
    const tokyoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(pv.occurred_at);
    expect(dirty.rows.map((r) => r.day)).to.include(tokyoDay);
  });

  it('when the same batch is posted again then no row is added', async () => {
    expect((await post(batch)).status).to.equal(202);
    const marker = { id: randomUUID(), visitorId, sessionId, ts: now, type: 'impression', url: 'https://shop.example/after' };
    expect((await post([marker])).status).to.equal(202);
    // The marker was queued after the duplicates, so once it is stored the duplicates were processed.
    await waitFor(async () => ((await rows()).some((r) => r.event_id === marker.id) ? true : undefined), 20_000, 'marker');
    const all = await rows();
    expect(all).to.have.length(11);
    const ids = await t.pool.query<{ n: string }>('select count(*) as n from event_ids');
    expect(Number(ids.rows[0]!.n)).to.equal(11);
  });

  it('when a request comes from curl then its event is stored and flagged as a bot', async () => {
    const e = { id: randomUUID(), visitorId, sessionId, ts: now, type: 'impression', url: 'https://shop.example/bot' };
    expect((await post([e], {}, 'curl/8.5.0')).status).to.equal(202);
    const row = await waitFor(async () => (await rows()).find((r) => r.event_id === e.id), 20_000, 'bot event');
    expect(row.is_bot).to.equal(true);
  });

  it('when the worker gets SIGTERM then it exits cleanly well inside 30 s', async () => {
    const started = Date.now();
    await stopRole(worker, 'SIGTERM');
    expect(worker.exitCode).to.equal(0);
    expect(Date.now() - started).to.be.lessThan(10_000);
  });
});
