import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import { ev as rollupEv, Ingest, visitor } from '../rollup/helpers.js';
import { expectClientError } from './assertions.js';
import { SHOP, startHarness, type Answer, type Harness } from './harness.js';

interface RuleVerdict {
  id: string;
  name: string;
  matches: boolean;
  ignored: string | null;
}

interface TestAnswer {
  url: string;
  pageKey: string;
  rules: RuleVerdict[];
  conversions: { kind: string; goal: string; name: string }[];
  conversionWindowDays: number;
  serverConversionsOnly: boolean;
}

describe('admin API: testing a URL against the conversion rules', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  const test = async (url: unknown): Promise<Answer> => h.admin('POST', '/conversion-rules/test', { url });
  const verdict = async (url: string): Promise<TestAnswer> => {
    const answer = await test(url);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as unknown as TestAnswer;
  };
  const rule = async (name: string, kind: string, pattern: string): Promise<string> => {
    const answer = await h.admin('POST', '/conversion-rules', { name, kind, pattern });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(201);
    return answer.json.id as string;
  };
  const matching = (a: TestAnswer) => a.rules.filter((r) => r.matches).map((r) => r.name);

  it('when a URL is tested then it is matched as stored: exact ignores query and fragment, prefix and pattern see only kept parameters', async () => {
    h = await startHarness();
    const thanks = await rule('thanks page', 'exact', `${SHOP}/thanks`);
    await rule('checkout done', 'prefix', `${SHOP}/checkout?step=done`);
    await rule('any order', 'pattern', `${SHOP}/order/*/done`);
    await rule('other shop', 'prefix', 'https://other.example/');

    const thanksPage = await verdict(`HTTPS://Shop.Example/thanks?email=a%40b.example&utm_source=mail#top`);
    expect(thanksPage.url).to.equal(`${SHOP}/thanks?utm_source=mail`);
    expect(thanksPage.pageKey).to.equal(`${SHOP}/thanks`);
    expect(matching(thanksPage)).to.deep.equal(['thanks page']);
    expect(thanksPage.conversions).to.deep.equal([{ kind: 'rule', goal: thanks, name: 'thanks page' }]);
    expect(thanksPage.rules.map((r) => r.ignored)).to.deep.equal([null, null, null, null]);
    expect(thanksPage.conversionWindowDays).to.equal(30);

    // `step` is not stored until the project allowlists it, so the prefix cannot see it.
    expect(matching(await verdict(`${SHOP}/checkout?step=done`))).to.deep.equal([]);
    expect((await h.admin('PATCH', '/project', { queryAllowlist: ['step'] })).status).to.equal(200);
    expect(matching(await verdict(`${SHOP}/checkout?step=done&card=4111`))).to.deep.equal(['checkout done']);

    expect(matching(await verdict(`${SHOP}/order/A-17/done`))).to.deep.equal(['any order']);
    expect(matching(await verdict(`${SHOP}/order/done`))).to.deep.equal([]);
    // Path case matters: servers treat /Thanks and /thanks as different pages.
    expect(matching(await verdict(`${SHOP}/Thanks`))).to.deep.equal([]);
  });

  it('when only server conversions count then matches are shown but no conversion would be made', async () => {
    h = await startHarness();
    await rule('thanks page', 'exact', `${SHOP}/thanks`);
    expect((await h.admin('PATCH', '/project', { serverConversionsOnly: true })).status).to.equal(200);
    const answer = await verdict(`${SHOP}/thanks`);
    expect(matching(answer)).to.deep.equal(['thanks page']);
    expect(answer.serverConversionsOnly).to.equal(true);
    expect(answer.conversions).to.deep.equal([]);
  });

  it('when rules are over the limits then they are listed as ignored with the reason and never match', async () => {
    h = await startHarness({ env: { MAX_RULES_PER_PROJECT: '2' } });
    const insert = (id: string, name: string, kind: string, pattern: string) =>
      h.t.pool.query(
        `insert into conversion_rules (id, project_id, name, kind, pattern, created_at, updated_at) values ($1, $2, $3, $4, $5, now(), now())`,
        [id, h.project.projectId, name, kind, pattern],
      );
    // Rules stored before the limits: each matches the page; id order is the rollups' order.
    await insert('00000000-0000-4000-8000-000000000001', 'too long', 'prefix', `${SHOP}/thanks${'?'.repeat(600)}`.slice(0, 600));
    await insert('00000000-0000-4000-8000-000000000002', 'first', 'prefix', `${SHOP}/`);
    await insert('00000000-0000-4000-8000-000000000003', 'second', 'pattern', '*/thanks');
    await insert('00000000-0000-4000-8000-000000000004', 'third', 'exact', `${SHOP}/thanks`);

    const answer = await verdict(`${SHOP}/thanks`);
    const byName = Object.fromEntries(answer.rules.map((r) => [r.name, { matches: r.matches, ignored: r.ignored }]));
    expect(byName).to.deep.equal({
      'too long': { matches: false, ignored: 'pattern must be at most 512 characters' },
      first: { matches: true, ignored: null },
      second: { matches: true, ignored: null },
      third: { matches: false, ignored: 'beyond the 2 rules a project may have' },
    });
    expect(answer.conversions.map((c) => c.name)).to.deep.equal(['first', 'second']);
  });

  it('when the URL is missing, not http(s), too long or joined by other fields then 400 names the field', async () => {
    h = await startHarness();
    expectClientError(await h.admin('POST', '/conversion-rules/test', {}), 400, 'invalid_field', 'url');
    expectClientError(await test('javascript:alert(1)'), 400, 'invalid_field', 'url');
    expectClientError(await test('/thanks'), 400, 'invalid_field', 'url');
    expectClientError(await test(`${SHOP}/${'a'.repeat(2100)}`), 400, 'invalid_field', 'url');
    expectClientError(await test(42), 400, 'invalid_field', 'url');
    expectClientError(await test(`${SHOP}/\u0000`), 400, 'invalid_field', 'url');
    expectClientError(await h.admin('POST', '/conversion-rules/test', { url: SHOP, kind: 'exact' }), 400, 'invalid_field', 'kind');
    expectClientError(await h.admin('POST', '/conversion-rules/test', undefined), 400, 'invalid_field');
    const readKey = await h.request('POST', '/v1/admin/conversion-rules/test', {
      headers: { authorization: `Bearer ${h.project.readKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: SHOP }),
    });
    expect(readKey.status).to.equal(403);
  });

  it('when a visitor who played views each tested URL then the rollup counts exactly the goals the test named', async () => {
    h = await startHarness({ projects: [{ name: 'Shop', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    expect((await h.admin('PATCH', '/project', { queryAllowlist: ['ref'] })).status).to.equal(200);
    await rule('exact upper host', 'exact', 'HTTPS://SHOP.example/Thanks?ignored=1#x');
    await rule('exact encoded', 'exact', `${SHOP}/caf%C3%A9`);
    await rule('prefix with kept query', 'prefix', `${SHOP}/buy?ref=`);
    await rule('prefix with dropped query', 'prefix', `${SHOP}/buy?card=`);
    await rule('pattern middle', 'pattern', `${SHOP}/*/done`);
    await rule('pattern literal percent', 'pattern', `${SHOP}/100%_*`);
    await rule('pattern star only', 'pattern', '*');
    await rule('pattern no star', 'pattern', `${SHOP}/done`);
    await rule('pattern repeated', 'pattern', '*ab*ab');
    const urls = [
      `${SHOP}/Thanks?x=1`,
      `${SHOP}/thanks`,
      `${SHOP}/café`,
      `${SHOP}/buy?ref=mail&card=4111`,
      `${SHOP}/buy?card=4111`,
      `${SHOP}/order/7/done#receipt`,
      `${SHOP}/done`,
      `${SHOP}/100%_off`,
      `${SHOP}/100x_off`,
      `${SHOP}/abab`,
      `${SHOP}/aba`,
      // Percent-encoded, far over the stored URL's cap: cut there, so `/done` is not stored.
      `${SHOP}/${'日'.repeat(600)}/done`,
    ];
    const project = { id: h.project.projectId, timezone: 'UTC' };
    const ingest = new Ingest(h.t.pool);
    const named: Record<string, string[]> = {};
    for (const [i, url] of urls.entries()) {
      const answer = await verdict(url);
      const names = answer.conversions.map((c) => c.name);
      expect(names, url).to.include('pattern star only');
      named[url.slice(SHOP.length, SHOP.length + 12)] = names.filter((n) => n !== 'pattern star only');
      const expected = answer.conversions.map((c) => c.goal).sort();
      // One day per URL, so the day's goals are this URL's alone.
      const day = `2026-03-${String(i + 1).padStart(2, '0')}`;
      const v = visitor();
      await ingest.write(project, [rollupEv.play(v, `${day}T09:00:00Z`, randomUUID()), rollupEv.pageView(v, `${day}T09:05:00Z`, url)], {
        queryAllowlist: ['ref'],
      });
      await rollupDay(h.t.pool, project.id, day);
      const { rows } = await h.t.pool.query<{ goal: string }>(
        `select goal from daily_goals where project_id = $1 and day = $2 and goal_kind = 'rule' and not is_bot order by goal`,
        [project.id, day],
      );
      expect(rows.map((r) => r.goal).sort(), url).to.deep.equal(expected);
    }
    // And the verdicts themselves are the expected ones, so the agreement above is not vacuous.
    expect(named).to.deep.equal({
      '/Thanks?x=1': ['exact upper host'],
      '/thanks': [],
      '/café': ['exact encoded'],
      '/buy?ref=mai': ['prefix with kept query'],
      '/buy?card=41': [],
      '/order/7/don': ['pattern middle'],
      '/done': ['pattern no star'],
      '/100%_off': ['pattern literal percent'],
      '/100x_off': [],
      '/abab': ['pattern repeated'],
      '/aba': [],
      '/日日日日日日日日日日日': [],
    });
  });
});
