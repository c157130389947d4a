import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** What `scripts/build-tracker.mjs` writes next to the bundle. */
export interface TrackerManifest {
  file: string;
  hash: string;
  bytes: number;
  gzipBytes: number;
  integrity: string;
}

export interface TrackerBundle {
  manifest: TrackerManifest;
  code: Buffer;
  gzipped: Buffer;
}

/**
 * `dist/tracker/` seen from the compiled `dist/api/tracker/` and from the source `api/tracker/`
 * (tests run the source with tsx).
 */
const CANDIDATES = ['../../tracker/', '../../dist/tracker/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** Reads the built tracker once; undefined when `npm run build` has not built it (or it is unreadable). */
export function loadTrackerBundle(dirs: string[] = CANDIDATES): TrackerBundle | undefined {
  for (const dir of dirs) {
    const manifestPath = `${dir}manifest.json`;
    if (!existsSync(manifestPath)) continue;
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TrackerManifest;
      if (!/^tracker\.[0-9a-f]{12}\.js$/.test(manifest.file)) continue;
      const code = readFileSync(`${dir}${manifest.file}`);
      return { manifest, code, gzipped: gzipSync(code, { level: 9 }) };
    } catch {
      // A half-written build: the API serves no tracker rather than not starting.
      continue;
    }
  }
  return undefined;
}
