import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compiledIsFresh } from '../../helpers/compiled.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** What the web build records about its output (dist/web/manifest.json). */
export interface WebManifest {
  entry: string;
  files: string[];
  firstScreenGzipBytes: number;
  dashboardWithChartsGzipBytes: number;
  allJsGzipBytes: number;
}

/**
 * Builds dist/web/ the way `npm run build` does, so the API started in-process serves the app,
 * unless dist/ already matches the sources; returns the build's manifest either way.
 */
export function buildWebApp(): WebManifest {
  if (!compiledIsFresh()) execFileSync(process.execPath, [`${ROOT}scripts/build-web.mjs`], { cwd: ROOT, stdio: 'pipe' });
  return JSON.parse(readFileSync(`${ROOT}dist/web/manifest.json`, 'utf8')) as WebManifest;
}
