import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { initOrm, type MikroORM } from '../../../shared/db/orm.js';
import { migrateDown } from '../../../shared/db/migrateDown.js';
import { MIGRATIONS } from '../../../migrations/index.js';
import { admin, sharedServices, withDatabase } from '../../helpers/services.js';
import { publicObjects, schemaSnapshot, type SchemaSnapshot } from '../../helpers/schemaSnapshot.js';

const NAMES = MIGRATIONS.map((m) => m.name);

/**
 * Runs on a database of its own created empty (not a copy of the migrated template), so the
 * first migration's up and the last down meet a database that has never seen the schema.
 */
describe('migrations: every one can be rolled back', function () {
  this.timeout(180_000);
  let adminUrl: string;
  const database = `cp_rollback_${randomBytes(4).toString('hex')}`;
  let config: { database: Awaited<ReturnType<typeof sharedServices>>['base']['database'] };
  let orm: MikroORM;
  let pool: pg.Pool;

  before(async () => {
    const s = await sharedServices();
    adminUrl = s.adminUrl;
    await admin(adminUrl, `create database ${database}`);
    config = { database: { ...s.base.database, url: withDatabase(adminUrl, database) } };
    orm = await initOrm(config);
    pool = new pg.Pool({ connectionString: config.database.url, max: 2 });
  });
  after(async () => {
    await orm.close();
    await pool.end();
    await admin(adminUrl, `drop database if exists ${database} with (force)`);
  });

  const applied = async () => (await orm.migrator.getExecutedMigrations()).map((m) => m.name);

  it('when each migration is applied and reverted one at a time then every down restores the schema its up found', async () => {
    const before: SchemaSnapshot[] = [];
    for (const name of NAMES) {
      before.push(await schemaSnapshot(pool));
      await orm.migrator.up({ to: name });
    }
    expect(await applied()).to.deep.equal(NAMES);

    for (let i = NAMES.length - 1; i >= 0; i--) {
      const reverted = await orm.migrator.down();
      expect(reverted.map((m) => m.name)).to.deep.equal([NAMES[i]]);
      expect(await schemaSnapshot(pool), `schema after reverting ${NAMES[i]}`).to.deep.equal(before[i]);
    }
    expect(await publicObjects(pool)).to.deep.equal(['mikro_orm_migrations', 'mikro_orm_migrations_id_seq']);
  });

  it('when every migration is applied, reverted to zero and applied again then the schema equals the first one', async () => {
    await orm.migrator.up();
    const first = await schemaSnapshot(pool);
    expect(first.columns.length).to.be.greaterThan(500);

    const reverted = await migrateDown(config, { to: 0 });
    expect(reverted).to.deep.equal([...NAMES].reverse());
    expect(await publicObjects(pool)).to.deep.equal(['mikro_orm_migrations', 'mikro_orm_migrations_id_seq']);

    await orm.migrator.up();
    expect(await schemaSnapshot(pool)).to.deep.equal(first);
  });

  it('when the newest migrations are reverted by --step and --to then each step down and up again leaves the top schema', async () => {
    const top = await schemaSnapshot(pool);
    for (const step of [1, 2, 3, 5]) {
      const reverted = await migrateDown(config, { step });
      expect(reverted).to.deep.equal(NAMES.slice(-step).reverse());
      expect(await schemaSnapshot(pool)).not.to.deep.equal(top);
      await orm.migrator.up();
      expect(await schemaSnapshot(pool), `after ${step} down and up`).to.deep.equal(top);
    }
    const keep = NAMES.at(-4)!;
    expect(await migrateDown(config, { to: keep })).to.deep.equal(NAMES.slice(-3).reverse());
    expect((await applied()).at(-1)).to.equal(keep);
    await orm.migrator.up();
  });

  it('when --to names no applied migration then nothing is reverted and the command says why', async () => {
    let message = '';
    await migrateDown(config, { to: 'Migration20991231000000_unknown' }).catch((err: unknown) => {
      message = err instanceof Error ? err.message : String(err);
    });
    expect(message).to.equal('--to names no applied migration: Migration20991231000000_unknown');
    expect(await applied()).to.deep.equal(NAMES);
  });
});

