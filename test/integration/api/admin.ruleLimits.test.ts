import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { expectClientError } from './assertions.js';
import { startHarness, type Harness } from './harness.js';

const SHOP = 'https://a.example';

describe('admin API: conversion rule limits', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { MAX_RULES_PER_PROJECT: '3' } });
  });
  afterEach(async () => {
    await h.close();
  });

  const create = (kind: string, pattern: string) => h.admin('POST', '/conversion-rules', { name: 'goal', kind, pattern });

  it('when a pattern is longer than MAX_RULE_PATTERN_CHARS then create and patch answer 400 naming pattern and the limit', async () => {
    const atLimit = `${SHOP}/${'a'.repeat(512 - SHOP.length - 1)}`;
    const ok = await create('prefix', atLimit);
    expect(ok.status, JSON.stringify(ok.json)).to.equal(201);
    const tooLong = expectClientError(await create('prefix', `${atLimit}b`), 400, 'invalid_field', 'pattern');
    expect(tooLong.message).to.match(/at most 512 characters/);
    const patched = await h.admin('PATCH', `/conversion-rules/${ok.json.id as string}`, { pattern: `${atLimit}b` });
    expectClientError(patched, 400, 'invalid_field', 'pattern');
  });

  it('when a pattern rule has more than 8 wildcards then 400 naming pattern, while a prefix may hold * as text', async () => {
    expect((await create('pattern', `${SHOP}/${'*/'.repeat(8)}`)).status).to.equal(201);
    const error = expectClientError(await create('pattern', `${SHOP}/${'*/'.repeat(9)}`), 400, 'invalid_field', 'pattern');
    expect(error.message).to.match(/at most 8 \* wildcards/);
    expect((await create('prefix', `${SHOP}/${'*/'.repeat(9)}`)).status).to.equal(201);
  });

  it('when a project has MAX_RULES_PER_PROJECT rules then one more answers 409 too_many_rules until one is deleted', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await create('prefix', `${SHOP}/goal-${i}`);
      expect(answer.status).to.equal(201);
      ids.push(answer.json.id as string);
    }
    const refused = expectClientError(await create('prefix', `${SHOP}/goal-3`), 409, 'too_many_rules');
    expect(refused.message).to.match(/at most 3/);
    expect((await h.admin('DELETE', `/conversion-rules/${ids[0] ?? ''}`)).status).to.equal(204);
    expect((await create('prefix', `${SHOP}/goal-3`)).status).to.equal(201);
  });

  it('when rules stored before the limits exceed them then the list names why rollups leave each out', async () => {
    const insert = (kind: string, pattern: string, id = randomUUID()) =>
      h.t.pool.query(
        `insert into conversion_rules (id, project_id, name, kind, pattern, created_at, updated_at) values ($1, $2, 'old', $3, $4, now(), now())`,
        [id, h.project.projectId, kind, pattern],
      );
    // Ids chosen so that id order (the rollup's) is known: the over-long rule does not take a place.
    await insert('pattern', `*${'x'.repeat(600)}`, '00000000-0000-4000-8000-000000000001');
    for (let i = 2; i <= 5; i++) await insert('prefix', `${SHOP}/${i}`, `00000000-0000-4000-8000-00000000000${i}`);

    const { rules } = (await h.admin('GET', '/conversion-rules')).json as { rules: { id: string; ignored: string | null }[] };
    const ignored = Object.fromEntries(rules.map((r) => [r.id.slice(-1), r.ignored]));
    expect(ignored).to.deep.equal({
      '1': 'pattern must be at most 512 characters',
      '2': null,
      '3': null,
      '4': null,
      '5': 'beyond the 3 rules a project may have',
    });
    const one = await h.admin('GET', '/conversion-rules/00000000-0000-4000-8000-000000000005');
    expect(one.json.ignored).to.equal('beyond the 3 rules a project may have');
  });
});
