#!/usr/bin/env node
// Runs `npm run build` only when what dist/ is built from changed since the last build:
// a SHA-256 over the path and content of every input file, kept in dist/.build-stamp after a
// successful build. Contents, not mtimes, so a fresh clone or a checkout back and forth
// rebuilds exactly when the code differs. `npm start` runs this first.
// Options: --root=DIR (default: the repository), --build=COMMAND (default: npm run build), run
// with `sh -c` in the root; --check builds nothing and exits 0 when dist/ is up to date, 3 when not
// (the tests use it to run compiled entry points only when they match the sources).
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const root = option('root') ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', '.build-stamp');
/** What `npm run build` reads: the Node code, the tracker, the web app, the build scripts and their settings. */
const INPUT_DIRS = ['api', 'worker', 'shared', 'clock', 'cli', 'migrations', 'tracker', 'web', 'scripts'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Outputs that must exist for a start to work, whatever the stamp says. */
const OUTPUTS = ['dist/cli/main.js', 'dist/tracker/manifest.json', 'dist/web/manifest.json'];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

function sourceHash() {
  const paths = [
    ...INPUT_DIRS.filter((d) => existsSync(join(root, d))).flatMap((d) => [...files(join(root, d))]),
    ...INPUT_FILES.map((f) => join(root, f)).filter((f) => existsSync(f)),
  ].sort();
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${relative(root, path)}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const started = Date.now();
const hash = sourceHash();
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (built === hash && OUTPUTS.every((f) => existsSync(join(root, f)))) {
  console.log(`build: dist/ is up to date with the sources (checked in ${Date.now() - started} ms)`);
  process.exit(0);
}
if (process.argv.includes('--check')) {
  console.log('build: dist/ is older than the sources');
  process.exit(3);
}
const result = spawnSync('sh', ['-c', option('build') ?? 'npm run build'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, `${hash}\n`);
