#!/usr/bin/env node
// Bundles the web app (web/src/main.tsx) into dist/web/: ESM chunks split at dynamic imports,
// minified, every file named by its content hash under assets/, one CSS file, and index.html
// naming the entry (no inline script or style, so the app runs under a strict CSP).
// manifest.json lists every asset for the server; the first screen's gzipped JavaScript is printed.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'web');
const assetsDir = join(outDir, 'assets');
/** Where the server mounts the app; asset URLs are absolute so deep links load them too. */
const PUBLIC_PATH = '/app/assets';

const ENTRY = 'web/src/main.tsx';

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: ENTRY },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  platform: 'browser',
  tsconfig: join(root, 'web', 'tsconfig.json'),
  entryNames: '[name].[hash]',
  chunkNames: '[name].[hash]',
  assetNames: '[name].[hash]',
  outdir: assetsDir,
  publicPath: PUBLIC_PATH,
  metafile: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const key = (path) => relative(assetsDir, join(root, path));
const entryPath = Object.keys(outputs).find((p) => outputs[p].entryPoint === ENTRY && p.endsWith('.js'));
if (!entryPath) throw new Error('esbuild produced no entry file');
const entry = outputs[entryPath];
const cssPath = entry.cssBundle;
if (!cssPath) throw new Error('the entry imports no CSS');

/** A file and every chunk it imports statically: what loading it costs. */
const closure = (start, into = new Set()) => {
  if (into.has(start)) return into;
  into.add(start);
  for (const i of outputs[start].imports) if (i.kind === 'import-statement' && outputs[i.path]) closure(i.path, into);
  return into;
};
const outputOf = (source) => {
  const path = Object.keys(outputs).find((p) => outputs[p].entryPoint === source && p.endsWith('.js'));
  if (!path) throw new Error(`no output for ${source}`);
  return path;
};
const gzipBytes = (paths) => [...paths].reduce((sum, p) => sum + gzipSync(readFileSync(join(root, p)), { level: 9 }).length, 0);

// The first screen is the login screen: the entry, its chunk and their static imports.
// A dashboard screen with charts (projects, where everyone lands) adds the chart library.
const firstScreen = closure(outputOf('web/src/screens/login/LoginScreen.tsx'), closure(entryPath));
const dashboard = closure(
  outputOf('web/src/components/chart/echarts.ts'),
  closure(outputOf('web/src/screens/projects/ProjectsScreen.tsx'), closure(entryPath)),
);
const firstScreenGzip = gzipBytes(firstScreen);
const dashboardGzip = gzipBytes(dashboard);
const allJsGzip = gzipBytes(Object.keys(outputs).filter((p) => p.endsWith('.js')));
const entryClosure = closure(entryPath);

const url = (path) => `${PUBLIC_PATH}/${key(path)}`;
const preloads = [...entryClosure]
  .filter((p) => p !== entryPath)
  .map((p) => `    <link rel="modulepreload" href="${url(p)}">\n`)
  .join('');
const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light">
    <title>Cuepoint</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${url(cssPath)}">
${preloads}    <script type="module" src="${url(entryPath)}"></script>
  </head>
  <body>
    <div id="app"></div>
    <noscript>Cuepoint needs JavaScript.</noscript>
  </body>
</html>
`;

const files = Object.keys(outputs).map(key);
const manifest = {
  entry: key(entryPath),
  css: key(cssPath),
  files,
  firstScreenGzipBytes: firstScreenGzip,
  dashboardWithChartsGzipBytes: dashboardGzip,
  allJsGzipBytes: allJsGzip,
};
mkdirSync(outDir, { recursive: true });
// index.html and the manifest are replaced atomically and only then are older assets removed,
// so a server or a page loading meanwhile never names a missing file.
writeFileSync(join(outDir, 'index.html.tmp'), html);
renameSync(join(outDir, 'index.html.tmp'), join(outDir, 'index.html'));
writeFileSync(join(outDir, 'manifest.json.tmp'), `${JSON.stringify(manifest, null, 2)}\n`);
renameSync(join(outDir, 'manifest.json.tmp'), join(outDir, 'manifest.json'));
const current = new Set(files.map((f) => basename(f)));
for (const old of readdirSync(assetsDir)) if (!current.has(old)) rmSync(join(assetsDir, old), { recursive: true });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `web: dist/web/ ${files.length} files; gzipped JavaScript: first screen (login) ${kb(firstScreenGzip)}, ` +
    `projects screen with its charts ${kb(dashboardGzip)}, all screens ${kb(allJsGzip)}`,
);
