import { settleCompiledBuild } from './helpers/compiled.js';
import { shareWithWorkers, tearDownSharedServices } from './helpers/services.js';

/**
 * Global fixtures run once in mocha's main process, before any test file's worker starts.
 * Shared servers and the template database are otherwise set up lazily by the first test that
 * needs them; in a parallel run they are built here instead, so that every worker process
 * borrows the same ones.
 */
export async function mochaGlobalSetup(this: { isParallelMode?: () => boolean }): Promise<void> {
  const parallel = this.isParallelMode?.() ?? false;
  settleCompiledBuild(parallel);
  if (parallel) await shareWithWorkers();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await tearDownSharedServices();
}
