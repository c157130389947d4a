import { execFileSync } from 'node:child_process';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Builds dist/web/ the way `npm run build` does, so the API started in-process serves the app; returns the build's report. */
export function buildWebApp(): string {
  return execFileSync(process.execPath, [`${ROOT}scripts/build-web.mjs`], { cwd: ROOT, encoding: 'utf8' });
}
