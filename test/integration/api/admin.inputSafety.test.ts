import { expect } from 'chai';
import { startHarness, type Harness } from './harness.js';

describe('admin: input that PostgreSQL would choke on', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when a field holds a NUL character then the answer is a 400 naming it, not a 500', async () => {
    const answer = await h.admin('PATCH', '/project', { name: 'a\u0000b' });
    expect(answer.status).to.equal(400);
    expect(answer.json).to.have.nested.property('error.field', 'name');
  });

  it('when a list entry is the word null then it is kept as that word', async () => {
    const answer = await h.admin('PATCH', '/project', { queryAllowlist: ['null', 'ref'] });
    expect(answer.status).to.equal(200);
    const { rows } = await h.t.pool.query<{ query_allowlist: unknown }>('select query_allowlist from projects where id = $1', [h.project.projectId]);
    expect(rows[0]?.query_allowlist).to.deep.equal(['null', 'ref']);
  });
});
