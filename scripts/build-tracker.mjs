#!/usr/bin/env node
// Bundles tracker/src/index.ts into one minified, content-hashed file in dist/tracker/,
// plus manifest.json ({ file, hash, bytes, gzipBytes, integrity }) that the API serves from.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'tracker');

const result = await build({
  entryPoints: [join(root, 'tracker', 'src', 'index.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  platform: 'browser',
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
const file = `tracker.${hash}.js`;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, file), code);
const manifest = {
  file,
  hash,
  bytes: code.length,
  gzipBytes: gzipSync(code, { level: 9 }).length,
  integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
};
// The manifest is replaced atomically and only then are older bundles removed, so a server
// starting meanwhile never reads a manifest naming a missing file.
writeFileSync(join(outDir, 'manifest.json.tmp'), `${JSON.stringify(manifest, null, 2)}\n`);
renameSync(join(outDir, 'manifest.json.tmp'), join(outDir, 'manifest.json'));
for (const old of readdirSync(outDir)) if (/^tracker\.[0-9a-f]+\.js$/.test(old) && old !== file) rmSync(join(outDir, old));
console.log(`tracker: dist/tracker/${file} ${manifest.bytes} B, ${manifest.gzipBytes} B gzipped`);
