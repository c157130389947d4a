import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Whether dist/ was built from exactly the sources in the tree (scripts/build-if-changed.mjs
 * compares a hash of them with the last build's stamp). When it was, tests start processes from
 * the compiled entry points, as a dyno does, and skip rebuilding the tracker and web app: a tsx
 * start compiles every module again, seconds of CPU per spawned CLI command, and parallel rebuilds
 * of dist/ would race each other's readers. When it was not, tests fall back to tsx and build.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FLAG = 'CUEPOINT_TEST_COMPILED';

export function compiledIsFresh(): boolean {
  return process.env[FLAG] === '1';
}

/**
 * Run once in mocha's main process, before any worker starts: records whether dist/ is fresh. A
 * parallel run builds it first when it is not, since its workers must not rebuild it concurrently.
 */
export function settleCompiledBuild(parallel: boolean): void {
  const script = `${ROOT}scripts/build-if-changed.mjs`;
  const run = (args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8' });
  let fresh = run(['--check']).status === 0;
  if (!fresh && parallel) {
    const built = run([]);
    if (built.status !== 0) throw new Error(`build before a parallel test run failed:\n${built.stdout}${built.stderr}`);
    fresh = true;
  }
  process.env[FLAG] = fresh ? '1' : '0';
}
