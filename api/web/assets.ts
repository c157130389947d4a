import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** What `scripts/build-web.mjs` writes beside index.html. */
export interface WebManifest {
  entry: string;
  css: string;
  /** Every file under assets/, by name relative to it. */
  files: string[];
}

export interface WebAsset {
  type: string;
  body: Buffer;
  /** Only for text types worth compressing. */
  gzipped: Buffer | undefined;
}

export interface WebBuild {
  index: Buffer;
  /** A built file by its name under assets/, read and compressed on first use. */
  asset(name: string): WebAsset | undefined;
}

/** `dist/web/` seen from the compiled `dist/api/web/` and from the source `api/web/` (tests run the source). */
const CANDIDATES = ['../../web/', '../../dist/web/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.js', '.css', '.json', '.svg']);

/**
 * Reads the built app's index and manifest; undefined when `npm run build` has not built it.
 * Only names listed in the manifest are ever read, so a request path never reaches the disk.
 */
export function loadWebBuild(dirs: string[] = CANDIDATES): WebBuild | undefined {
  for (const dir of dirs) {
    if (!existsSync(`${dir}manifest.json`)) continue;
    try {
      const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as WebManifest;
      const index = readFileSync(`${dir}index.html`);
      const names = new Set(manifest.files);
      const cache = new Map<string, WebAsset>();
      return {
        index,
        asset(name) {
          if (!names.has(name)) return undefined;
          let asset = cache.get(name);
          if (!asset) {
            const ext = extname(name);
            const body = readFileSync(`${dir}assets/${name}`);
            asset = { type: TYPES[ext] ?? 'application/octet-stream', body, gzipped: COMPRESSIBLE.has(ext) ? gzipSync(body) : undefined };
            cache.set(name, asset);
          }
          return asset;
        },
      };
    } catch {
      // A half-written build: the app answers 503 rather than the API not starting.
      continue;
    }
  }
  return undefined;
}
