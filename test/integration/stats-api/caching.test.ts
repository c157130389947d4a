import { expect } from 'chai';
import pg from 'pg';
import type { OverviewResponse, VideosResponse } from '../../../api/stats/schemas.js';
import { localDay } from '../../../shared/timezone.js';
import { expectClientError } from '../api/assertions.js';
import { startHarness, type Harness } from '../api/harness.js';
import { getStats, KIND, Rollups } from './fixtures.js';

const RANGE = { from: '2026-03-01', to: '2026-03-03' };
/** Every table a figure is read from; the ETag must be decided without touching any of them. */
const FIGURE_TABLES = ['daily_project', 'daily_slot', 'daily_page', 'daily_transitions', 'daily_conversion_values', 'daily_sets'];

describe('stats API: keys, validation, ETags and days', () => {
  let h: Harness;
  let a: Rollups;
  let ny: Rollups;

  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'A', timezone: 'Europe/Berlin', currency: 'EUR' },
        { name: 'NY', timezone: 'America/New_York' },
      ],
    });
    a = new Rollups(h.t.pool, h.projects[0]!.projectId);
    ny = new Rollups(h.t.pool, h.projects[1]!.projectId);
    await a.project('2026-03-01', false, { impressions: 4, opens: 2 });
    await a.members('2026-03-01', KIND.visitor, '', false, [1]);
    await a.slot('2026-03-01', 'intro', 'home', false, { plays: 1 });
    await a.stamp('2026-03-01');
  });
  after(async () => {
    await h.close();
  });

  const read = (query: Record<string, string> | string, headers: Record<string, string> = {}, endpoint = 'overview') =>
    getStats(h, endpoint, h.project.readKey, query, headers);

  describe('keys', () => {
    it('when a write or admin key is presented then the answer is 403 naming authorization', async () => {
      expectClientError(await getStats(h, 'overview', h.project.writeKey, RANGE), 403, 'wrong_key_kind', 'authorization');
      expectClientError(await getStats(h, 'videos', h.project.adminKey, RANGE), 403, 'wrong_key_kind', 'authorization');
    });

    it('when the key is unknown or missing then the answer is 401 with a Bearer challenge', async () => {
      const unknown = await getStats(h, 'pages', 'cpr_00000000_notakeyatall', RANGE);
      expectClientError(unknown, 401, 'invalid_key', 'authorization');
      expect(unknown.headers.get('www-authenticate')).to.equal('Bearer');
      const missing = await h.request('GET', '/v1/stats/overview?from=2026-03-01&to=2026-03-01');
      expectClientError(missing, 401, 'missing_key', 'authorization');
    });

    it('when a project id is put in the URL then it is refused, since the project comes from the key', async () => {
      const answer = await read({ ...RANGE, projectId: h.projects[1]!.projectId });
      expectClientError(answer, 400, 'invalid_parameter', 'projectId');
    });
  });

  describe('validation', () => {
    const cases: [string, Record<string, string> | string, string][] = [
      ['from alone lies after today', { from: '9999-01-01' }, 'to'],
      ['from is not a date', { from: '03/01/2026', to: '2026-03-01' }, 'from'],
      ['from is an impossible date', { from: '2026-02-30', to: '2026-03-01' }, 'from'],
      ['to is an impossible date', { from: '2026-03-01', to: '2026-13-01' }, 'to'],
      ['from is after to', { from: '2026-03-02', to: '2026-03-01' }, 'to'],
      ['the range covers 401 days', { from: '2025-01-01', to: '2026-02-05' }, 'to'],
      ['includeBots is not true or false', { ...RANGE, includeBots: 'yes' }, 'includeBots'],
      ['from is given twice', 'from=2026-03-01&from=2026-03-02&to=2026-03-03', 'from'],
      ['limit is given to an endpoint without it', { ...RANGE, limit: '5' }, 'limit'],
    ];
    for (const [what, query, field] of cases) {
      it(`when ${what} then the answer is 400 naming ${field}`, async () => {
        const error = expectClientError(await read(query), 400, 'invalid_parameter', field);
        expect(error.message).to.contain(field);
      });
    }

    for (const limit of ['0', '1001', 'ten', '-1', '2.5']) {
      it(`when pages get limit=${limit} then the answer is 400 naming limit`, async () => {
        expectClientError(await read({ ...RANGE, limit }, {}, 'pages'), 400, 'invalid_parameter', 'limit');
      });
    }

    it('when no range is given then the answer covers the last 7 days ending today in the project time zone', async () => {
      const today = localDay(Date.now(), 'Europe/Berlin');
      const answer = (await read({})).json as unknown as OverviewResponse;
      expect(answer.to).to.equal(today);
      expect(answer.series.map((d) => d.date)).to.have.length(7);
      expect(answer.series.at(-1)!.date).to.equal(today);
      expect(answer.from).to.equal(answer.series[0]!.date);
    });

    it('when includeBots is 1 or 0 then it means true or false', async () => {
      const day = '2026-04-01';
      await a.project(day, true, { impressions: 5 });
      await a.stamp(day);
      const impressions = async (includeBots: string) => {
        const answer = await read({ from: day, to: day, includeBots });
        expect(answer.status, includeBots).to.equal(200);
        return (answer.json as unknown as OverviewResponse).totals.impressions;
      };
      expect([await impressions('1'), await impressions('true'), await impressions('0'), await impressions('false')]).to.deep.equal([5, 5, 0, 0]);
    });

    it('when the range covers exactly 400 days or the limit is 1000 then the request is valid', async () => {
      const long = await read({ from: '2025-01-01', to: '2026-02-04' });
      expect(long.status).to.equal(200);
      expect((long.json as unknown as OverviewResponse).series).to.have.length(400);
      expect((await read({ ...RANGE, limit: '1000' }, {}, 'pages')).status).to.equal(200);
    });
  });

  describe('ETag', () => {
    it('when a poll repeats with If-None-Match then the answer is 304 without a body, with the caching headers', async () => {
      const first = await read(RANGE);
      expect(first.status).to.equal(200);
      const etag = first.headers.get('etag')!;
      expect(etag).to.match(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers.get('cache-control')).to.equal('private, no-cache');
      expect(first.headers.get('vary')).to.match(/authorization/i);

      const again = await read(RANGE, { 'if-none-match': etag });
      expect(again.status).to.equal(304);
      expect(again.json).to.deep.equal({});
      expect(again.headers.get('etag')).to.equal(etag);
      expect(again.headers.get('cache-control')).to.equal('private, no-cache');
      expect(again.headers.get('vary')).to.match(/authorization/i);

      expect((await read(RANGE, { 'if-none-match': `"other", W/${etag}` })).status).to.equal(304);
      expect((await read(RANGE, { 'if-none-match': '"stale"' })).status).to.equal(200);
    });

    it('when any parameter differs then the ETag differs', async () => {
      const tag = async (endpoint: string, query: Record<string, string>) => (await read(query, {}, endpoint)).headers.get('etag');
      const tags = [
        await tag('overview', RANGE),
        await tag('overview', { ...RANGE, includeBots: 'true' }),
        await tag('overview', { ...RANGE, to: '2026-03-04' }),
        await tag('videos', RANGE),
        await tag('pages', RANGE),
        await tag('pages', { ...RANGE, limit: '2' }),
        await tag('transitions', RANGE),
      ];
      expect(new Set(tags).size).to.equal(tags.length);
      // The default is the same request as the explicit value.
      expect(await tag('overview', { ...RANGE, includeBots: 'false' })).to.equal(tags[0]);
      expect(await tag('pages', { ...RANGE, limit: '100' })).to.equal(tags[4]);
      // Another key of another project never shares a tag.
      const other = await getStats(h, 'overview', h.projects[1]!.readKey, RANGE);
      expect(other.headers.get('etag')).to.not.equal(tags[0]);
    });

    it('when a day of the range is rolled up again then the ETag changes, and a day outside it changes nothing', async () => {
      const before = (await read(RANGE)).headers.get('etag')!;
      await a.stamp('2026-04-01');
      expect((await read(RANGE, { 'if-none-match': before })).status).to.equal(304);

      await a.project('2026-03-02', false, { impressions: 1 });
      await a.stamp('2026-03-02');
      const after = await read(RANGE, { 'if-none-match': before });
      expect(after.status).to.equal(200);
      expect(after.headers.get('etag')).to.not.equal(before);
      expect((after.json as unknown as OverviewResponse).totals.impressions).to.equal(5);
    });

    it('when days of the range are rolled up then 200 and 304 say when the latest ran, and a range without any says nothing', async () => {
      await h.t.pool.query(
        `update rollup_days set rolled_at = case day when '2026-03-01' then '2026-03-05T10:00:00Z'::timestamptz else '2026-03-06T11:30:00Z'::timestamptz end
          where project_id = $1 and day between '2026-03-01' and '2026-03-02'`,
        [a.projectId],
      );
      const first = await read({ from: '2026-03-01', to: '2026-03-02' });
      expect(first.headers.get('x-cuepoint-rolled-up-at')).to.equal('2026-03-06T11:30:00.000Z');
      const again = await read({ from: '2026-03-01', to: '2026-03-02' }, { 'if-none-match': first.headers.get('etag')! });
      expect(again.status).to.equal(304);
      expect(again.headers.get('x-cuepoint-rolled-up-at')).to.equal('2026-03-06T11:30:00.000Z');
      expect((await read({ from: '2026-03-01', to: '2026-03-01' })).headers.get('x-cuepoint-rolled-up-at')).to.equal('2026-03-05T10:00:00.000Z');
      expect((await read({ from: '2025-01-01', to: '2025-01-02' })).headers.get('x-cuepoint-rolled-up-at')).to.equal(null);
    });

    it('when a rolled-up day disappears from the range then the ETag changes', async () => {
      await a.stamp('2026-03-03');
      const before = (await read(RANGE)).headers.get('etag')!;
      await h.t.pool.query(`delete from rollup_days where project_id = $1 and day = '2026-03-03'`, [a.projectId]);
      expect((await read(RANGE, { 'if-none-match': before })).status).to.equal(200);
    });

    it('when the catalog changes then the ETag changes and the new title is served', async () => {
      const before = (await read(RANGE, {}, 'videos')).headers.get('etag')!;
      expect((await h.admin('POST', '/videos', { videoId: 'intro', title: 'Intro' })).status).to.equal(201);
      const created = await read(RANGE, { 'if-none-match': before }, 'videos');
      expect(created.status).to.equal(200);
      expect((created.json as unknown as VideosResponse).videos[0]!.title).to.equal('Intro');

      const tag1 = created.headers.get('etag')!;
      expect((await h.admin('PATCH', '/videos/intro', { title: 'Intro, new cut' })).status).to.equal(200);
      const patched = await read(RANGE, { 'if-none-match': tag1 }, 'videos');
      expect(patched.status).to.equal(200);
      expect((patched.json as unknown as VideosResponse).videos[0]!.title).to.equal('Intro, new cut');

      const tag2 = patched.headers.get('etag')!;
      expect((await h.admin('POST', '/slots', { slotId: 'home', videoId: 'intro' })).status).to.equal(201);
      expect((await read(RANGE, { 'if-none-match': tag2 }, 'videos')).status).to.equal(200);

      // A video that a slot shows cannot be deleted: the slot goes first.
      expect((await h.admin('DELETE', '/slots/home')).status).to.equal(204);
      const tag3 = (await read(RANGE, {}, 'videos')).headers.get('etag')!;
      expect((await h.admin('DELETE', '/videos/intro')).status).to.equal(204);
      const deleted = await read(RANGE, { 'if-none-match': tag3 }, 'videos');
      expect(deleted.status).to.equal(200);
      expect((deleted.json as unknown as VideosResponse).videos[0]!.title).to.equal(null);
    });

    it('when the project settings change then the ETag changes', async () => {
      const before = (await read(RANGE)).headers.get('etag')!;
      expect((await h.admin('PATCH', '/project', { name: 'A renamed' })).status).to.equal(200);
      expect((await read(RANGE, { 'if-none-match': before })).status).to.equal(200);
    });

    it('when the figure tables are locked then a matching poll still gets its 304: no figure query runs first', async () => {
      const first = await read(RANGE);
      const etag = first.headers.get('etag')!;
      const locker = new pg.Client({ connectionString: h.t.env.DATABASE_URL });
      await locker.connect();
      let blocked: Promise<number> | undefined;
      try {
        await locker.query('begin');
        await locker.query(`lock table ${FIGURE_TABLES.join(', ')} in access exclusive mode`);
        const started = Date.now();
        const answer = await read(RANGE, { 'if-none-match': etag });
        expect(answer.status).to.equal(304);

        // A client without the tag gets the body computed for it, from memory.
        const cached = await read(RANGE);
        expect(cached.status).to.equal(200);
        expect(cached.headers.get('etag')).to.equal(etag);
        expect(cached.json).to.deep.equal(first.json);
        expect(Date.now() - started).to.be.below(2000);

        // The lock is real: a request whose figures are not computed yet waits for it.
        let settled = false;
        blocked = read({ ...RANGE, to: '2026-03-05' }).then((a) => {
          settled = true;
          return a.status;
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).to.equal(false);
      } finally {
        await locker.query('rollback');
        await locker.end();
      }
      expect(await blocked).to.equal(200);
    });
  });

  describe('OpenAPI', () => {
    it('when /openapi.json is fetched then it serves the OpenAPI 3.1 document with the stats endpoints', async () => {
      const answer = await h.request('GET', '/openapi.json');
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('content-type')).to.match(/^application\/json/);
      expect(answer.json.openapi).to.equal('3.1.0');
      const paths = answer.json.paths as Record<string, unknown>;
      expect(paths).to.include.keys('/v1/events', '/v1/admin/videos/{videoId}', '/v1/stats/overview', '/v1/stats/pages', '/healthz');
    });
  });

  describe('days', () => {
    it('when a range spans the New York DST changes then the series has one entry per local day', async () => {
      const spring = ['2026-03-07', '2026-03-08', '2026-03-09'];
      const autumn = ['2026-10-31', '2026-11-01', '2026-11-02'];
      for (const [i, day] of [...spring, ...autumn].entries()) {
        await ny.project(day, false, { impressions: i + 1 });
        await ny.members(day, KIND.visitor, '', false, [i + 1, 100]);
        await ny.stamp(day);
      }
      for (const days of [spring, autumn]) {
        const answer = await getStats(h, 'overview', h.projects[1]!.readKey, { from: days[0]!, to: days[2]! });
        expect(answer.status).to.equal(200);
        const body = answer.json as unknown as OverviewResponse;
        expect(body.timezone).to.equal('America/New_York');
        expect(body.series.map((d) => d.date)).to.deep.equal(days);
        expect(body.series.every((d) => d.visitors === 2)).to.equal(true);
        expect(body.totals.visitors).to.equal(4);
      }
      const spanning = await getStats(h, 'overview', h.projects[1]!.readKey, { from: '2026-03-01', to: '2026-11-30' });
      const series = (spanning.json as unknown as OverviewResponse).series;
      expect(series).to.have.length(275);
      expect(new Set(series.map((d) => d.date)).size).to.equal(275);
      expect(series.filter((d) => d.impressions > 0).map((d) => d.date)).to.deep.equal([...spring, ...autumn]);
    });
  });
});
