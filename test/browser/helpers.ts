import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { compiledIsFresh } from '../helpers/compiled.js';

export const CHROMIUM = '/usr/bin/chromium';
/** A real browser's user agent: `HeadlessChrome` is on the bot list and would not be counted. */
export const REAL_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--autoplay-policy=no-user-gesture-required',
  // The context's `userAgent` is a per-page override: beacons and keepalive fetches sent while a
  // page unloads go out without it (as HeadlessChrome, a bot). The flag covers them too.
  `--user-agent=${REAL_UA}`,
];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIP = `${ROOT}test/fixtures/clip-4s.webm`;
/** Longer than the media cache's first blocks, so a slow network can starve playback after it started. */
export const CLIP_20S = `${ROOT}test/fixtures/clip-20s.webm`;
/** The clips a site serves, by path. */
const MEDIA: Record<string, string> = { '/clip.webm': CLIP, '/clip-20s.webm': CLIP_20S };

/**
 * Skips the suite with a visible line when Chromium is missing, or fails it when
 * `CUEPOINT_REQUIRE_BROWSER=1` (CI), so a missing browser can never pass silently there.
 */
export function requireChromium(ctx: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  if (process.env.CUEPOINT_REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} not found and CUEPOINT_REQUIRE_BROWSER=1`);
  console.log(`SKIPPED: ${CHROMIUM} not found`);
  ctx.skip();
}

/** Builds dist/tracker/ the way `npm run build` does, so the API started in-process serves it. */
export function buildTracker(): void {
  if (compiledIsFresh()) return;
  execFileSync(process.execPath, [`${ROOT}scripts/build-tracker.mjs`], { cwd: ROOT, stdio: 'pipe' });
}

export interface PageSite {
  origin: string;
  close(): Promise<void>;
}

/**
 * The customer's site: HTML pages by path (rendered per request, so they may use what is made
 * after the site starts), and the clips with byte ranges (media seeks need them).
 */
export async function startSite(pages: (origin: string) => Record<string, string>): Promise<PageSite> {
  let origin = '';
  const clips = new Map(Object.entries(MEDIA).map(([path, file]) => [path, readFileSync(file)]));
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = path.endsWith('.webm') ? undefined : pages(origin)[path];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    const clip = clips.get(path);
    if (clip !== undefined) {
      const size = clip.length;
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = range[1] ? Number(range[1]) : 0;
        const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        res.writeHead(206, {
          'content-type': 'video/webm',
          'accept-ranges': 'bytes',
          'content-range': `bytes ${start}-${end}/${size}`,
          'content-length': end - start + 1,
        });
        res.end(clip.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { 'content-type': 'video/webm', 'accept-ranges': 'bytes', 'content-length': size });
      res.end(clip);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The README snippet: a stub that queues calls until the tracker arrives, then the loader. */
export function snippet(apiUrl: string, key: string, endpoint?: string): string {
  const options = endpoint === undefined ? { key } : { key, endpoint };
  return `<script>
  (function (w) { w.cuepoint = w.cuepoint || function () { (w.cuepoint.q = w.cuepoint.q || []).push(arguments); }; })(window);
  cuepoint('init', ${JSON.stringify(options)});
</script>
<script async src="${apiUrl}/cp.js"></script>`;
}
