import { expect } from 'chai';
import { MIGRATIONS } from '../../../migrations/index.js';
import { runRole } from '../../helpers/processes.js';
import { schemaSnapshot } from '../../helpers/schemaSnapshot.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

const NAMES = MIGRATIONS.map((m) => m.name);

describe('cli: migrate down', function () {
  this.timeout(60_000);
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  const applied = async () => (await t.pool.query<{ name: string }>(`select name from mikro_orm_migrations order by id`)).rows.map((r) => r.name);

  it('when migrate down lacks --yes then it names what it would revert, fails and reverts nothing', async () => {
    const down = await runRole('cli/main.ts', t.env, ['migrate', 'down', '--step', '2']);
    expect(down.code).to.equal(1);
    expect(down.stderr.trim()).to.equal(
      `cuepoint: nothing reverted: --yes is needed to revert 2 migration(s), newest first: ${NAMES.slice(-2).reverse().join(', ')}; each down drops what its up created, rows included`,
    );
    expect(await applied()).to.deep.equal(NAMES);
  });

  it('when migrate down --yes runs without other options then the newest migration is reverted and migrate applies it again', async () => {
    const down = await runRole('cli/main.ts', t.env, ['migrate', 'down', '--yes']);
    expect(down.code, down.stderr).to.equal(0);
    expect(JSON.parse(down.stdout)).to.deep.equal({ reverted: [NAMES.at(-1)] });

    const up = await runRole('cli/main.ts', t.env, ['migrate']);
    expect(up.code, up.stderr).to.equal(0);
    expect(JSON.parse(up.stdout)).to.deep.equal({ applied: [NAMES.at(-1)] });
  });

  it('when migrate down --to names a migration then the ones after it are reverted, newest first', async () => {
    const top = await schemaSnapshot(t.pool);
    const keep = NAMES.at(-3)!;
    const down = await runRole('cli/main.ts', t.env, ['migrate', 'down', '--to', keep, '--yes']);
    expect(down.code, down.stderr).to.equal(0);
    expect(JSON.parse(down.stdout)).to.deep.equal({ reverted: NAMES.slice(-2).reverse() });
    expect(await applied()).to.deep.equal(NAMES.slice(0, -2));
    expect(await schemaSnapshot(t.pool)).not.to.deep.equal(top);

    const up = await runRole('cli/main.ts', t.env, ['migrate']);
    expect(JSON.parse(up.stdout)).to.deep.equal({ applied: NAMES.slice(-2) });
    expect(await schemaSnapshot(t.pool)).to.deep.equal(top);
  });

  it('when migrate down gets both --to and --step or a bad step then it fails with one sentence and reverts nothing', async () => {
    const both = await runRole('cli/main.ts', t.env, ['migrate', 'down', '--to', '0', '--step', '2', '--yes']);
    expect(both.code).to.equal(1);
    expect(both.stderr.trim()).to.equal('cuepoint: give either --to or --step, not both');

    const bad = await runRole('cli/main.ts', t.env, ['migrate', 'down', '--step', 'two', '--yes']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr.trim()).to.equal('cuepoint: --step must be a whole number of at least 1: two');

    expect(await applied()).to.deep.equal(NAMES);
  });
});
