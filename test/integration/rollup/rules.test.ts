import { expect } from 'chai';
import fc from 'fast-check';
import { globToLike } from '../../helpers/globToLike.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

describe('rollup: glob rules in PostgreSQL', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  /** Both readings of a glob in one query: the rollup's matcher, and LIKE of the escaped glob. */
  async function both(value: string, glob: string): Promise<{ glob: boolean; like: boolean }> {
    const { rows } = await t.pool.query<{ glob: boolean; like: boolean }>(
      `select glob_match($1, string_to_array($2, '*')) as glob, $1 like $3 escape '\\' as like`,
      [value, glob, globToLike(glob)],
    );
    const row = rows[0];
    if (!row) throw new Error('no row');
    return row;
  }

  it('when a glob is matched then text outside * matches only itself and * matches any run, as LIKE of the escaped glob says', async () => {
    const unit = fc.constantFrom('a', 'b', '%', '_', '\\', '/', '.', '?', '日');
    const text = fc.string({ unit, maxLength: 8 });
    const glob = fc.array(text, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('*'));
    await fc.assert(
      fc.asyncProperty(glob, text, text, async (g, a, b) => {
        // A value built from the glob (stars filled) must match; random text matches as LIKE says.
        const filled = g.split('*').join(a);
        expect(await both(filled, g)).to.deep.equal({ glob: true, like: true });
        const answer = await both(`${a}${b}`, g);
        expect(answer.glob, `${a}${b} ~ ${g}`).to.equal(answer.like);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('when segments overlap or repeat then the leftmost placement still finds every match', async () => {
    const cases: [string, string, boolean][] = [
      ['aXbXc', 'a*b*c', true],
      ['abc', 'a*b*c', true],
      ['ac', 'a*b*c', false],
      ['abab', '*ab*ab', true],
      ['aba', '*ab*ab', false],
      ['aaa', 'a*a*a', true],
      ['aa', 'a*a*a', false],
      ['', '*', true],
      ['x', '', false],
      ['https://shop.example/checkout/7/thanks', 'https://*.example/checkout/*/thanks*', true],
    ];
    for (const [value, g, expected] of cases) expect(await both(value, g), `${value} ~ ${g}`).to.deep.equal({ glob: expected, like: expected });
  });
});
