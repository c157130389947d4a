import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { MAX_FUNNELS_PER_PROJECT } from '../../../shared/funnels/definition.js';
import { expectClientError } from './assertions.js';
import { startHarness, type Harness } from './harness.js';

const SHOP = 'https://shop.example';
const STEPS = [
  { kind: 'page', match: 'pattern', pattern: `${SHOP}/products/*` },
  { kind: 'event', type: 'form_submit', formId: 'contact' },
];

describe('admin API: saved funnels', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  afterEach(async () => {
    await h.t.pool.query('delete from funnels');
  });

  const create = (body: Record<string, unknown>) => h.admin('POST', '/funnels', body);

  it('when a funnel is created with only name and steps then it is session, ordered, 30 days, and reads back the same', async () => {
    const created = await create({ name: 'Lead', steps: STEPS });
    expect(created.status, JSON.stringify(created.json)).to.equal(201);
    expect(created.json).to.deep.include({ name: 'Lead', steps: STEPS, unit: 'session', mode: 'ordered', windowDays: 30 });
    const id = created.json.id as string;
    expect((await h.admin('GET', `/funnels/${id}`)).json).to.deep.equal(created.json);
    expect(((await h.admin('GET', '/funnels')).json.funnels as { id: string }[]).map((f) => f.id)).to.deep.equal([id]);
  });

  it('when a funnel is patched then the merged funnel is stored, and an invalid merge is refused naming the field', async () => {
    const id = (await create({ name: 'Lead', steps: STEPS })).json.id as string;
    const patched = await h.admin('PATCH', `/funnels/${id}`, { unit: 'visitor', windowDays: 7, mode: 'unordered' });
    expect(patched.status, JSON.stringify(patched.json)).to.equal(200);
    expect(patched.json).to.deep.include({ name: 'Lead', unit: 'visitor', windowDays: 7, mode: 'unordered', steps: STEPS });
    expectClientError(await h.admin('PATCH', `/funnels/${id}`, { steps: [STEPS[0]] }), 400, 'invalid_field', 'steps');
    expectClientError(await h.admin('PATCH', `/funnels/${id}`, { id: randomUUID() }), 400, 'invalid_field', 'id');
    expect((await h.admin('GET', `/funnels/${id}`)).json).to.deep.include({ steps: STEPS, windowDays: 7 });
  });

  it('when a funnel is deleted then it is gone, and a second delete or an unknown id answers 404', async () => {
    const id = (await create({ name: 'Lead', steps: STEPS })).json.id as string;
    expect((await h.admin('DELETE', `/funnels/${id}`)).status).to.equal(204);
    expectClientError(await h.admin('DELETE', `/funnels/${id}`), 404, 'not_found');
    expectClientError(await h.admin('GET', `/funnels/${randomUUID()}`), 404, 'not_found');
    expectClientError(await h.admin('GET', '/funnels/not-a-uuid'), 400, 'invalid_field', 'funnelId');
  });

  it('when the input is invalid then 400 names the field and the reason', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ steps: STEPS }, 'name', /required/],
      [{ name: 'x', steps: [STEPS[0]] }, 'steps', /at least 2/],
      [{ name: 'x', steps: Array.from({ length: 11 }, () => STEPS[0]) }, 'steps', /at most 10/],
      [{ name: 'x', steps: [STEPS[0], { kind: 'page', match: 'exact', pattern: '/contact' }] }, 'steps.1.pattern', /absolute http/],
      [{ name: 'x', steps: [STEPS[0], { kind: 'page', match: 'pattern', pattern: `${SHOP}/${'*/'.repeat(9)}` }] }, 'steps.1.pattern', /8 \* wildcards/],
      [{ name: 'x', steps: [STEPS[0], { kind: 'event', type: 'nap' }] }, 'steps.1.type', /./],
      [{ name: 'x', steps: [STEPS[0], { kind: 'event', type: 'click', colour: 'red' }] }, 'steps.1.colour', /not a known field/],
      [{ name: 'x', steps: [STEPS[0], { kind: 'video' }] }, 'steps.1.kind', /./],
      [{ name: 'x', steps: STEPS, unit: 'user' }, 'unit', /./],
      [{ name: 'x', steps: STEPS, windowDays: 91 }, 'windowDays', /90/],
      [{ name: 'x', steps: STEPS, windowDays: 0 }, 'windowDays', /1/],
      [{ name: 'x', steps: STEPS, mode: 'any' }, 'mode', /./],
    ];
    for (const [body, field, reason] of cases) {
      const error = expectClientError(await create(body), 400, 'invalid_field', field);
      expect(error.message, JSON.stringify(body)).to.match(reason);
    }
    expect(((await h.admin('GET', '/funnels')).json.funnels as unknown[]).length).to.equal(0);
  });

  it(`when a project has ${MAX_FUNNELS_PER_PROJECT} funnels then one more answers 409 too_many_funnels until one is deleted`, async () => {
    await h.t.pool.query(
      `insert into funnels (id, project_id, name, steps, unit, window_days, mode, created_at, updated_at)
       select gen_random_uuid(), $1, 'f' || g, $2::jsonb, 'session', 30, 'ordered', now(), now() from generate_series(1, $3::int) g`,
      [h.project.projectId, JSON.stringify(STEPS), MAX_FUNNELS_PER_PROJECT],
    );
    expectClientError(await create({ name: 'one more', steps: STEPS }), 409, 'too_many_funnels');
    const listed = (await h.admin('GET', '/funnels')).json.funnels as { id: string }[];
    expect(listed.length).to.equal(MAX_FUNNELS_PER_PROJECT);
    expect((await h.admin('DELETE', `/funnels/${listed[0]!.id}`)).status).to.equal(204);
    expect((await create({ name: 'one more', steps: STEPS })).status).to.equal(201);
  });
});
