import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(process.cwd(), 'scripts', 'build-if-changed.mjs');
/** Stands in for `npm run build`: writes the outputs a start needs and counts its runs. */
const FAKE_BUILD =
  'mkdir -p dist/cli dist/tracker dist/web && touch dist/cli/main.js dist/tracker/manifest.json dist/web/manifest.json && echo built >> builds.log';

describe('npm start: build only when the sources changed', () => {
  let root: string;
  const run = () => {
    const out = spawnSync(process.execPath, [SCRIPT, `--root=${root}`, `--build=${FAKE_BUILD}`], { encoding: 'utf8' });
    expect(out.status, out.stderr).to.equal(0);
  };
  const builds = () => readFileSync(join(root, 'builds.log'), 'utf8').trim().split('\n').length;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cuepoint-build-'));
    mkdirSync(join(root, 'api'));
    writeFileSync(join(root, 'api', 'app.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'package.json'), '{}\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('when --check is asked then it builds nothing and answers 3 while dist/ is older than the sources, 0 once it is not', () => {
    const check = () => spawnSync(process.execPath, [SCRIPT, `--root=${root}`, `--build=${FAKE_BUILD}`, '--check'], { encoding: 'utf8' }).status;
    expect(check()).to.equal(3);
    run();
    expect(check()).to.equal(0);
    appendFileSync(join(root, 'api', 'app.ts'), 'export const b = 2;\n');
    expect(check()).to.equal(3);
    expect(builds()).to.equal(1);
  });

  it('when nothing changed since the last build then the second start does not build', () => {
    run();
    run();
    expect(builds()).to.equal(1);
  });

  it('when a source only got a new mtime then nothing is built; when its content changes then it is', () => {
    run();
    utimesSync(join(root, 'api', 'app.ts'), new Date(), new Date(Date.now() + 60_000));
    run();
    expect(builds()).to.equal(1);
    appendFileSync(join(root, 'api', 'app.ts'), 'export const b = 2;\n');
    run();
    expect(builds()).to.equal(2);
  });

  it('when a source file is added or an output is missing then it builds again', () => {
    run();
    writeFileSync(join(root, 'api', 'new.ts'), 'export {};\n');
    run();
    rmSync(join(root, 'dist', 'cli', 'main.js'));
    run();
    rmSync(join(root, 'dist', 'web', 'manifest.json'));
    run();
    expect(builds()).to.equal(4);
  });

  it('when a file of the web app changes then it builds again', () => {
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(join(root, 'web', 'src', 'main.tsx'), 'export {};\n');
    run();
    run();
    writeFileSync(join(root, 'web', 'src', 'main.tsx'), 'export const x = 1;\n');
    run();
    expect(builds()).to.equal(2);
  });

  it('when the build fails then no stamp is written and the next start tries again', () => {
    const failed = spawnSync(process.execPath, [SCRIPT, `--root=${root}`, '--build=exit 3'], { encoding: 'utf8' });
    expect(failed.status).to.equal(3);
    run();
    expect(builds()).to.equal(1);
  });
});
