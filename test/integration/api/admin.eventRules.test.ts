import { expect } from 'chai';
import { expectClientError } from './assertions.js';
import { SHOP, startHarness, type Harness } from './harness.js';

interface Verdict {
  url: string | null;
  event: unknown;
  rules: { name: string; matches: boolean }[];
  conversions: { kind: string; goal: string; name: string }[];
}

describe('admin API: event-based conversion rules', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const create = (rule: Record<string, unknown>) => h.admin('POST', '/conversion-rules', { name: 'goal', ...rule });
  const matching = (v: Verdict) => v.rules.filter((r) => r.matches).map((r) => r.name);
  const test = async (input: Record<string, unknown>): Promise<Verdict> => {
    const answer = await h.admin('POST', '/conversion-rules/test', input);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as unknown as Verdict;
  };

  it('when event rules are created then they are stored with their qualifiers and listed', async () => {
    const form = await create({ name: 'Signup', kind: 'form', pattern: 'signup', outcome: 'success' });
    expect(form.status, JSON.stringify(form.json)).to.equal(201);
    expect(form.json).to.deep.include({ kind: 'form', pattern: 'signup', outcome: 'success', target: null, ignored: null });
    const click = await create({ name: 'Buy CTA', kind: 'click', pattern: 'Buy now', target: 'cta' });
    expect(click.json).to.deep.include({ kind: 'click', outcome: null, target: 'cta' });
    const custom = await create({ name: 'Trial', kind: 'custom', pattern: 'trial_started' });
    expect(custom.json).to.deep.include({ kind: 'custom', outcome: null, target: null });
    const listed = (await h.admin('GET', '/conversion-rules')).json.rules as { name: string }[];
    expect(listed.map((r) => r.name)).to.include.members(['Signup', 'Buy CTA', 'Trial']);
  });

  it('when an event rule is invalid then the answer is a 400 naming the field', async () => {
    expectClientError(await create({ kind: 'custom', pattern: 'x', outcome: 'success' }), 400, 'invalid_field', 'outcome');
    expectClientError(await create({ kind: 'form', pattern: 'signup', target: 'cta' }), 400, 'invalid_field', 'target');
    expectClientError(await create({ kind: 'click', pattern: 'Buy', target: 'banner' }), 400, 'invalid_field', 'target');
    expectClientError(await create({ kind: 'custom', pattern: 'n'.repeat(257) }), 400, 'invalid_field', 'pattern');
    expectClientError(await create({ kind: 'form', pattern: '   ' }), 400, 'invalid_field', 'pattern');
    expectClientError(await create({ kind: 'form', pattern: 'signup', outcome: '' }), 400, 'invalid_field', 'outcome');
  });

  it('when a click rule becomes a form rule while keeping its target then the patch is refused naming target', async () => {
    const click = await create({ name: 'Details', kind: 'click', pattern: 'More', target: 'detail' });
    const id = click.json.id as string;
    expectClientError(await h.admin('PATCH', `/conversion-rules/${id}`, { kind: 'form' }), 400, 'invalid_field', 'target');
    const patched = await h.admin('PATCH', `/conversion-rules/${id}`, { kind: 'form', target: null, outcome: 'ok' });
    expect(patched.status, JSON.stringify(patched.json)).to.equal(200);
    expect(patched.json).to.deep.include({ kind: 'form', pattern: 'More', outcome: 'ok', target: null });
    expect((await h.admin('DELETE', `/conversion-rules/${id}`)).status).to.equal(204);
  });

  it('when an event is tested then only event rules are judged, with outcome and target', async () => {
    expect(matching(await test({ event: { type: 'form_submit', formId: 'signup', outcome: 'success' } }))).to.deep.equal(['Signup']);
    expect(matching(await test({ event: { type: 'form_submit', formId: 'signup', outcome: 'error' } }))).to.deep.equal([]);
    expect(matching(await test({ event: { type: 'click', label: 'Buy now', target: 'cta' } }))).to.deep.equal(['Buy CTA']);
    expect(matching(await test({ event: { type: 'click', label: 'Buy now', target: 'detail' } }))).to.deep.equal([]);
    const trial = await test({ event: { type: 'custom', name: 'trial_started' } });
    expect(trial.url).to.equal(null);
    expect(trial.conversions.map((c) => c.name)).to.deep.equal(['Trial']);
    // A URL never matches an event rule.
    expect(matching(await test({ url: `${SHOP}/signup` }))).to.deep.equal([]);
  });

  it('when the test input has neither or both of url and event, or a bad event, then the answer is a 400 naming the field', async () => {
    expectClientError(await h.admin('POST', '/conversion-rules/test', {}), 400, 'invalid_field', 'url');
    expectClientError(
      await h.admin('POST', '/conversion-rules/test', { url: `${SHOP}/`, event: { type: 'custom', name: 'x' } }),
      400,
      'invalid_field',
      'url',
    );
    expectClientError(await h.admin('POST', '/conversion-rules/test', { event: { type: 'custom' } }), 400, 'invalid_field', 'event.name');
    expectClientError(await h.admin('POST', '/conversion-rules/test', { event: { type: 'page_view' } }), 400, 'invalid_field', 'event.type');
  });
});
