import { expect } from 'chai';
import fc from 'fast-check';
import { globToLike } from '../../../worker/rollup/rules.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

describe('rollup: glob rules in PostgreSQL', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when a translated glob is evaluated by PostgreSQL LIKE then text outside * matches only itself and * matches any run', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '%', '_', '\\', '/', '.', '?') , maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(text, text, text, async (left, right, other) => {
        const pattern = globToLike(`${left}*${right}`);
        const exact = globToLike(left);
        const { rows } = await t.pool.query<{ a: boolean; b: boolean; c: boolean }>(
          `select $1 like $2 escape '\\' as a, $3 like $2 escape '\\' as b, $3 like $4 escape '\\' as c`,
          [`${left}${other}${right}`, pattern, other, exact],
        );
        expect(rows[0]).to.deep.equal({ a: true, b: other.startsWith(left) && other.slice(left.length).endsWith(right) && other.length >= left.length + right.length, c: other === left });
      }),
      { numRuns: 200 },
    );
  });
});
