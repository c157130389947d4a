import { expect } from 'chai';
import { snapshotLoader } from '../../../api/projects/snapshot.js';
import { initOrm } from '../../../shared/db/orm.js';
import { expectClientError } from './assertions.js';
import { startHarness, type Harness } from './harness.js';

describe('admin API', () => {
  let h: Harness;
  let a: string;
  let b: string;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop A', timezone: 'Europe/Berlin', allowedOrigins: ['https://a.example'] },
        { name: 'Shop B', timezone: 'America/New_York', allowedOrigins: ['https://b.example'], currency: 'EUR' },
      ],
    });
    a = h.projects[0]!.adminKey;
    b = h.projects[1]!.adminKey;
  });
  after(async () => {
    await h.close();
  });

  describe('authentication', () => {
    it('when no bearer key is sent then 401 with WWW-Authenticate', async () => {
      const answer = await h.request('GET', '/v1/admin/project');
      expectClientError(answer, 401, 'missing_key', 'authorization');
      expect(answer.headers.get('www-authenticate')).to.equal('Bearer');
    });

    it('when a write or read key is used then 403 wrong_key_kind', async () => {
      expectClientError(await h.admin('GET', '/project', undefined, h.project.writeKey), 403, 'wrong_key_kind', 'authorization');
      expectClientError(await h.admin('GET', '/project', undefined, h.project.readKey), 403, 'wrong_key_kind', 'authorization');
    });

    it('when the key is forged then 401 invalid_key', async () => {
      expectClientError(await h.admin('GET', '/project', undefined, `${a.slice(0, -3)}xyz`), 401, 'invalid_key');
    });
  });

  describe('project', () => {
    it('when the project is read then the settings of the key’s project come back', async () => {
      const answer = await h.admin('GET', '/project');
      expect(answer.status).to.equal(200);
      expect(answer.json).to.include({ id: h.projects[0]!.projectId, name: 'Shop A', timezone: 'Europe/Berlin', currency: 'USD' });
      expect(answer.json.allowedOrigins).to.deep.equal(['https://a.example']);
      expect(answer.headers.get('cache-control')).to.equal('no-store');
    });

    it('when settings are patched then they are stored and returned', async () => {
      const answer = await h.admin('PATCH', '/project', {
        name: 'Shop A2',
        currency: 'eur',
        conversionWindowDays: 14,
        queryAllowlist: ['ref', 'ref', 'gclid'],
      });
      expect(answer.status).to.equal(200);
      expect(answer.json).to.include({ name: 'Shop A2', currency: 'EUR', conversionWindowDays: 14 });
      expect(answer.json.queryAllowlist).to.deep.equal(['ref', 'gclid']);
      expect((await h.admin('GET', '/project')).json.name).to.equal('Shop A2');
    });

    it('when the Segment slot property is set, refused and reset then null means slot_id and the ingest snapshot sees each stored value', async () => {
      const { projectId } = h.projects[0]!;
      const orm = await initOrm(h.t.config);
      // What the ingest reads: the snapshot the web process caches, built by the same loader.
      const snapshotValue = async () => (await snapshotLoader(orm)()).projects.get(projectId)!.segmentSlotProperty;
      try {
      expect((await h.admin('GET', '/project')).json.segmentSlotProperty).to.equal(null);
      expect(await snapshotValue()).to.equal('slot_id');

      const set = await h.admin('PATCH', '/project', { segmentSlotProperty: 'placement-Id_2' });
      expect(set.status).to.equal(200);
      expect(set.json.segmentSlotProperty).to.equal('placement-Id_2');
      expect(await snapshotValue()).to.equal('placement-Id_2');

      expectClientError(await h.admin('PATCH', '/project', { segmentSlotProperty: 'properties.slot' }), 400, 'invalid_field', 'segmentSlotProperty');
      expectClientError(await h.admin('PATCH', '/project', { segmentSlotProperty: '' }), 400, 'invalid_field', 'segmentSlotProperty');
      expectClientError(await h.admin('PATCH', '/project', { segmentSlotProperty: 'x'.repeat(65) }), 400, 'invalid_field', 'segmentSlotProperty');
      expectClientError(await h.admin('PATCH', '/project', { segmentSlotProperty: 5 }), 400, 'invalid_field', 'segmentSlotProperty');
      expect((await h.admin('PATCH', '/project', { segmentSlotProperty: 'y'.repeat(64) })).json.segmentSlotProperty).to.equal('y'.repeat(64));
      expect((await h.admin('GET', '/project', undefined, b)).json.segmentSlotProperty).to.equal(null);

      const reset = await h.admin('PATCH', '/project', { segmentSlotProperty: null });
      expect(reset.json.segmentSlotProperty).to.equal(null);
      expect(await snapshotValue()).to.equal('slot_id');
      } finally {
        await orm.close();
      }
    });

    it('when the time zone is patched then 400 naming timezone as immutable', async () => {
      const error = expectClientError(await h.admin('PATCH', '/project', { timezone: 'UTC' }), 400, 'invalid_field', 'timezone');
      expect(error.message).to.match(/immutable/);
    });

    it('when a setting is invalid then 400 naming it', async () => {
      expectClientError(await h.admin('PATCH', '/project', { conversionWindowDays: 0 }), 400, 'invalid_field', 'conversionWindowDays');
      expectClientError(await h.admin('PATCH', '/project', { conversionWindowDays: 91 }), 400, 'invalid_field', 'conversionWindowDays');
      expectClientError(await h.admin('PATCH', '/project', { conversionWindowDays: 85 }), 400, 'invalid_field', 'conversionWindowDays');
      expectClientError(await h.admin('PATCH', '/project', { allowedOrigins: ['ftp://x.example'] }), 400, 'invalid_field', 'allowedOrigins.0');
      expectClientError(await h.admin('PATCH', '/project', { currency: 'euro' }), 400, 'invalid_field', 'currency');
      expectClientError(await h.admin('PATCH', '/project', { name: '  ' }), 400, 'invalid_field', 'name');
      expectClientError(await h.admin('PATCH', '/project', { colour: 'red' }), 400, 'invalid_field', 'colour');
    });

    it('when a setting has the wrong type then the 400 says what is wrong with it rather than calling it missing', async () => {
      const wrongType = expectClientError(await h.admin('PATCH', '/project', { name: 5 }), 400, 'invalid_field', 'name');
      expect(wrongType.message).to.match(/^name .*expected string/).and.not.match(/required/);
      const nullWindow = expectClientError(await h.admin('PATCH', '/project', { conversionWindowDays: null }), 400, 'invalid_field', 'conversionWindowDays');
      expect(nullWindow.message).not.to.match(/required/);
    });

    it('when the body is not JSON then 400 or 415, never 500', async () => {
      const malformed = await h.request('PATCH', '/v1/admin/project', {
        headers: { authorization: `Bearer ${a}`, 'content-type': 'application/json' },
        body: '{"name":',
      });
      expectClientError(malformed, 400, 'invalid_json', 'body');
      const form = await h.request('PATCH', '/v1/admin/project', {
        headers: { authorization: `Bearer ${a}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x',
      });
      expectClientError(form, 415, 'unsupported_media_type', 'content-type');
    });
  });

  describe('videos', () => {
    it('when a video is created, read, listed, patched and deleted then each step answers as REST says', async () => {
      const created = await h.admin('POST', '/videos', { videoId: 'intro.v1:main', title: 'Intro', videoUrl: 'https://cdn.example/intro.webm' });
      expect(created.status).to.equal(201);
      expect(created.json).to.include({ videoId: 'intro.v1:main', title: 'Intro', videoUrl: 'https://cdn.example/intro.webm' });

      expect((await h.admin('GET', '/videos/intro.v1:main')).json.title).to.equal('Intro');
      const list = await h.admin('GET', '/videos');
      expect((list.json.videos as { videoId: string }[]).map((v) => v.videoId)).to.deep.equal(['intro.v1:main']);

      const patched = await h.admin('PATCH', '/videos/intro.v1:main', { title: 'Intro (new cut)', videoUrl: null });
      expect(patched.status).to.equal(200);
      expect(patched.json).to.include({ title: 'Intro (new cut)', videoUrl: null });

      expect((await h.admin('DELETE', '/videos/intro.v1:main')).status).to.equal(204);
      expectClientError(await h.admin('GET', '/videos/intro.v1:main'), 404, 'not_found');
      expectClientError(await h.admin('DELETE', '/videos/intro.v1:main'), 404, 'not_found');
    });

    it('when a videoId is created twice then 409 naming videoId', async () => {
      expect((await h.admin('POST', '/videos', { videoId: 'dup', title: 'One' })).status).to.equal(201);
      expectClientError(await h.admin('POST', '/videos', { videoId: 'dup', title: 'Two' }), 409, 'duplicate', 'videoId');
    });

    it('when the same videoId is created twice at once then one 201 and one 409', async () => {
      const answers = await Promise.all([1, 2].map((n) => h.admin('POST', '/videos', { videoId: 'race', title: `T${n}` })));
      expect(answers.map((x) => x.status).sort()).to.deep.equal([201, 409]);
    });

    it('when the same videoId exists in another project then it is not a duplicate', async () => {
      expect((await h.admin('POST', '/videos', { videoId: 'shared-id', title: 'A' })).status).to.equal(201);
      expect((await h.admin('POST', '/videos', { videoId: 'shared-id', title: 'B' }, b)).status).to.equal(201);
    });

    it('when a required field is missing then the 400 says it is required', async () => {
      const missing = expectClientError(await h.admin('POST', '/videos', { videoId: 'ok' }), 400, 'invalid_field', 'title');
      expect(missing.message).to.equal('title is required');
      const wrongType = expectClientError(await h.admin('POST', '/videos', { videoId: 'ok', title: ['Intro'] }), 400, 'invalid_field', 'title');
      expect(wrongType.message).not.to.match(/required/);
    });

    it('when video input is invalid then 400 naming the field', async () => {
      expectClientError(await h.admin('POST', '/videos', { videoId: 'has space', title: 'x' }), 400, 'invalid_field', 'videoId');
      expectClientError(await h.admin('POST', '/videos', { videoId: 'x'.repeat(129), title: 'x' }), 400, 'invalid_field', 'videoId');
      expectClientError(await h.admin('POST', '/videos', { videoId: 'ok' }), 400, 'invalid_field', 'title');
      expectClientError(await h.admin('POST', '/videos', { videoId: 'ok', title: 'x', videoUrl: 'ftp://x' }), 400, 'invalid_field', 'videoUrl');
      expectClientError(await h.admin('PATCH', '/videos/dup', { videoId: 'other' }), 400, 'invalid_field', 'videoId');
      expectClientError(await h.admin('GET', '/videos/bad%20id'), 400, 'invalid_field', 'videoId');
      expectClientError(await h.admin('GET', '/videos/%E0%A4%A'), 400, 'bad_request');
    });
  });

  describe('slots', () => {
    before(async () => {
      for (const videoId of ['intro', 'outro']) expect((await h.admin('POST', '/videos', { videoId, title: videoId })).status).to.equal(201);
      for (const slotId of ['sizes', 'colours']) expect((await h.admin('POST', '/slots', { slotId, videoId: 'outro' })).status).to.equal(201);
    });

    it('when a slot with branch links is created, patched and deleted then it round-trips', async () => {
      const created = await h.admin('POST', '/slots', {
        slotId: 'home',
        videoId: 'intro',
        ctaLabel: 'Buy now',
        ctaUrl: 'https://a.example/buy',
        detailLabel: 'Details',
        detailUrl: 'https://a.example/details',
        links: ['sizes', 'colours', 'sizes', 'home'],
      });
      expect(created.status).to.equal(201);
      expect(created.json).to.include({ slotId: 'home', videoId: 'intro', ctaLabel: 'Buy now' });
      expect(created.json.links).to.deep.equal(['sizes', 'colours', 'home']);

      const patched = await h.admin('PATCH', '/slots/home', { links: ['sizes'], ctaUrl: null, videoId: 'outro' });
      expect(patched.json).to.include({ ctaUrl: null, videoId: 'outro' });
      expect(patched.json.links).to.deep.equal(['sizes']);
      expect((await h.admin('GET', '/slots/home')).json).to.include({ videoId: 'outro' });
      expect((await h.admin('GET', '/slots')).json.slots).to.have.length(3);
      expectClientError(await h.admin('POST', '/slots', { slotId: 'home', videoId: 'intro' }), 409, 'duplicate', 'slotId');
      expectClientError(await h.admin('POST', '/slots', { slotId: 'bad', videoId: 'intro', links: ['no spaces'] }), 400, 'invalid_field', 'links.0');
      expectClientError(await h.admin('PATCH', '/slots/home', { slotId: 'x' }), 400, 'invalid_field', 'slotId');
      expect((await h.admin('DELETE', '/slots/home')).status).to.equal(204);
      expectClientError(await h.admin('GET', '/slots/home'), 404, 'not_found');
    });
  });

  describe('catalog integrity', () => {
    before(async () => {
      expect((await h.admin('POST', '/videos', { videoId: 'teaser', title: 'Teaser' })).status).to.equal(201);
      expect((await h.admin('POST', '/slots', { slotId: 'hero', videoId: 'teaser' })).status).to.equal(201);
    });

    it('when a slot names a video that does not exist then 400 naming videoId, and nothing is stored', async () => {
      const error = expectClientError(await h.admin('POST', '/slots', { slotId: 'orphan', videoId: 'ghost' }), 400, 'unknown_reference', 'videoId');
      expect(error.message).to.contain('ghost');
      expectClientError(await h.admin('GET', '/slots/orphan'), 404, 'not_found');
      expectClientError(await h.admin('PATCH', '/slots/hero', { videoId: 'ghost' }), 400, 'unknown_reference', 'videoId');
      expect((await h.admin('GET', '/slots/hero')).json).to.include({ videoId: 'teaser' });
    });

    it("when a slot names another project's video then it is unknown here", async () => {
      expect((await h.admin('POST', '/videos', { videoId: 'b-video', title: 'B' }, b)).status).to.equal(201);
      expectClientError(await h.admin('POST', '/slots', { slotId: 'steal', videoId: 'b-video' }, a), 400, 'unknown_reference', 'videoId');
    });

    it('when links name a slot that does not exist then 400 naming that link', async () => {
      const error = expectClientError(
        await h.admin('POST', '/slots', { slotId: 'branchy', videoId: 'teaser', links: ['hero', 'nowhere'] }),
        400,
        'unknown_reference',
        'links.1',
      );
      expect(error.message).to.contain('nowhere');
      expectClientError(await h.admin('PATCH', '/slots/hero', { links: ['nowhere'] }), 400, 'unknown_reference', 'links.0');
      expect((await h.admin('GET', '/slots/hero')).json.links).to.deep.equal([]);
    });

    it('when a video that slots show is deleted then 409 naming the slots, and the video stays', async () => {
      expect((await h.admin('POST', '/slots', { slotId: 'hero-2', videoId: 'teaser' })).status).to.equal(201);
      const answer = await h.admin('DELETE', '/videos/teaser');
      const error = expectClientError(answer, 409, 'in_use', 'videoId');
      expect(error.message).to.contain('hero, hero-2');
      expect(answer.json.slots).to.deep.equal(['hero', 'hero-2']);
      expect((await h.admin('GET', '/videos/teaser')).status).to.equal(200);

      expect((await h.admin('DELETE', '/slots/hero-2')).status).to.equal(204);
      expect((await h.admin('PATCH', '/slots/hero', { videoId: 'intro' })).status).to.equal(200);
      expect((await h.admin('DELETE', '/videos/teaser')).status).to.equal(204);
      expectClientError(await h.admin('GET', '/videos/teaser'), 404, 'not_found');
    });

    it('when a slot other slots link to is deleted then 409 naming them, and it stays', async () => {
      expect((await h.admin('POST', '/slots', { slotId: 'target', videoId: 'intro', links: ['target'] })).status).to.equal(201);
      expect((await h.admin('POST', '/slots', { slotId: 'from-1', videoId: 'intro', links: ['target'] })).status).to.equal(201);
      const answer = await h.admin('DELETE', '/slots/target');
      expectClientError(answer, 409, 'in_use', 'slotId');
      expect(answer.json.slots).to.deep.equal(['from-1']);
      expect((await h.admin('GET', '/slots/target')).status).to.equal(200);

      expect((await h.admin('PATCH', '/slots/from-1', { links: [] })).status).to.equal(200);
      expect((await h.admin('DELETE', '/slots/target')).status, 'a link to itself does not hold a slot').to.equal(204);
    });

    it('when a slot is created while its video is deleted then exactly one of them wins', async () => {
      for (let i = 0; i < 5; i++) {
        const videoId = `race-${i}`;
        expect((await h.admin('POST', '/videos', { videoId, title: 'Race' })).status).to.equal(201);
        const [created, deleted] = await Promise.all([
          h.admin('POST', '/slots', { slotId: `race-slot-${i}`, videoId }),
          h.admin('DELETE', `/videos/${videoId}`),
        ]);
        expect(`create ${created.status}, delete ${deleted.status}`, `round ${i}`).to.be.oneOf(['create 201, delete 409', 'create 400, delete 204']);
        const slot = await h.admin('GET', `/slots/race-slot-${i}`);
        const video = await h.admin('GET', `/videos/${videoId}`);
        expect(slot.status === 200 ? video.status : 200, 'a stored slot always has its video').to.equal(200);
      }
    });
  });

  describe('conversion rules', () => {
    it('when rules of each kind are created, patched and deleted then they round-trip', async () => {
      const exact = await h.admin('POST', '/conversion-rules', { name: 'Thanks', kind: 'exact', pattern: 'https://a.example/thanks' });
      expect(exact.status).to.equal(201);
      const id = exact.json.id as string;
      expect((await h.admin('POST', '/conversion-rules', { name: 'Checkout', kind: 'prefix', pattern: 'https://a.example/checkout/' })).status).to.equal(201);
      expect((await h.admin('POST', '/conversion-rules', { name: 'Any done', kind: 'pattern', pattern: '*/done*' })).status).to.equal(201);
      expect((await h.admin('GET', '/conversion-rules')).json.rules).to.have.length(3);

      const patched = await h.admin('PATCH', `/conversion-rules/${id}`, { kind: 'pattern', pattern: '*/thanks' });
      expect(patched.json).to.include({ kind: 'pattern', pattern: '*/thanks', name: 'Thanks' });
      expectClientError(await h.admin('PATCH', `/conversion-rules/${id}`, { kind: 'exact' }), 400, 'invalid_field', 'pattern');
      expect((await h.admin('DELETE', `/conversion-rules/${id}`)).status).to.equal(204);
      expectClientError(await h.admin('GET', `/conversion-rules/${id}`), 404, 'not_found');
    });

    it('when rule input is invalid then 400 naming the field', async () => {
      expectClientError(await h.admin('POST', '/conversion-rules', { name: 'x', kind: 'regex', pattern: '.*' }), 400, 'invalid_field', 'kind');
      expectClientError(await h.admin('POST', '/conversion-rules', { name: 'x', kind: 'exact', pattern: '/thanks' }), 400, 'invalid_field', 'pattern');
      expectClientError(await h.admin('POST', '/conversion-rules', { kind: 'prefix', pattern: 'https://a' }), 400, 'invalid_field', 'name');
      expectClientError(await h.admin('GET', '/conversion-rules/not-a-uuid'), 400, 'invalid_field', 'ruleId');
    });
  });

  describe('tenancy', () => {
    it("when project A's admin key asks for B's video then 404, and B's video stays unchanged", async () => {
      expect((await h.admin('POST', '/videos', { videoId: 'b-only', title: 'B secret' }, b)).status).to.equal(201);
      expectClientError(await h.admin('GET', '/videos/b-only', undefined, a), 404, 'not_found');
      expectClientError(await h.admin('PATCH', '/videos/b-only', { title: 'hijacked' }, a), 404, 'not_found');
      expectClientError(await h.admin('DELETE', '/videos/b-only', undefined, a), 404, 'not_found');
      const listA = (await h.admin('GET', '/videos', undefined, a)).json.videos as { videoId: string }[];
      expect(listA.map((v) => v.videoId)).to.not.include('b-only');
      expect((await h.admin('GET', '/videos/b-only', undefined, b)).json.title).to.equal('B secret');
    });

    it("when project A's key patches the project then B's settings are untouched", async () => {
      await h.admin('PATCH', '/project', { name: 'A only' }, a);
      const bProject = await h.admin('GET', '/project', undefined, b);
      expect(bProject.json).to.include({ id: h.projects[1]!.projectId, name: 'Shop B', currency: 'EUR', timezone: 'America/New_York' });
    });

    it("when project A's key touches B's rule or slot then 404", async () => {
      const rule = await h.admin('POST', '/conversion-rules', { name: 'B', kind: 'prefix', pattern: 'https://b.example/' }, b);
      expectClientError(await h.admin('GET', `/conversion-rules/${rule.json.id as string}`, undefined, a), 404, 'not_found');
      expectClientError(await h.admin('DELETE', `/conversion-rules/${rule.json.id as string}`, undefined, a), 404, 'not_found');
      expect((await h.admin('POST', '/videos', { videoId: 'v', title: 'V' }, b)).status).to.equal(201);
      expect((await h.admin('POST', '/slots', { slotId: 'b-slot', videoId: 'v' }, b)).status).to.equal(201);
      expectClientError(await h.admin('PATCH', '/slots/b-slot', { videoId: 'x' }, a), 404, 'not_found');
    });

    it("when project A's key revokes B's key prefix then 404", async () => {
      const bWritePrefix = h.projects[1]!.writeKey.slice(0, 12);
      expectClientError(await h.admin('DELETE', `/keys/${bWritePrefix}`, undefined, a), 404, 'not_found');
    });
  });

  describe('keys', () => {
    it('when keys are listed then prefixes and kinds come back, never secrets or hashes', async () => {
      const answer = await h.admin('GET', '/keys', undefined, b);
      const keys = answer.json.keys as Record<string, unknown>[];
      expect(keys.map((k) => k.kind).sort()).to.deep.equal(['admin', 'read', 'server', 'write']);
      expect(JSON.stringify(answer.json)).to.not.include(h.projects[1]!.writeKey);
      for (const k of keys) expect(k).to.not.have.property('hash');
    });

    it('when the last admin key would be revoked then 409', async () => {
      expectClientError(await h.admin('DELETE', `/keys/${b.slice(0, 12)}`, undefined, b), 409, 'last_admin_key', 'prefix');
    });

    it('when the read key is rotated then the old one is revoked and the new one listed', async () => {
      const rotated = await h.admin('POST', '/keys/read/rotate', {}, b);
      expect(rotated.status).to.equal(201);
      expect(rotated.json.revoked).to.deep.equal([h.projects[1]!.readKey.slice(0, 12)]);
      expect(rotated.json.key).to.match(/^cpr_/);
      const keys = (await h.admin('GET', '/keys', undefined, b)).json.keys as { prefix: string; revokedAt: string | null }[];
      expect(keys.find((k) => k.prefix === rotated.json.prefix)?.revokedAt).to.equal(null);
      expectClientError(await h.admin('POST', '/keys/root/rotate', {}, b), 400, 'invalid_field', 'kind');
    });
  });
});
