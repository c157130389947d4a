import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fail, ok, warn, type Verdict } from './verdict.js';

const GIB = 1024 ** 3;

export interface DiskSpace {
  /** The directory measured: LOCAL_DATA_DIR, or its nearest existing parent. */
  path: string;
  freeBytes: number;
  totalBytes: number;
}

/** The file system LOCAL_DATA_DIR is (or will be) on; the directory itself may not exist yet. */
export async function diskSpace(dataDir: string): Promise<DiskSpace> {
  let path = resolve(dataDir);
  for (;;) {
    try {
      const s = await statfs(path);
      // bavail: what an unprivileged process (PostgreSQL, Redis) may still use.
      return { path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    } catch (err) {
      const parent = dirname(path);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw err;
      path = parent;
    }
  }
}

/** The embedded servers stop writing when the disk fills: PostgreSQL refuses writes, Redis its AOF. */
export function judgeDisk(space: DiskSpace, configured: string): Verdict {
  const share = space.totalBytes > 0 ? space.freeBytes / space.totalBytes : 0;
  const where = space.path === resolve(configured) ? configured : `${configured} (not created yet; measured ${space.path})`;
  const found = `${(space.freeBytes / GIB).toFixed(1)} GiB free of ${(space.totalBytes / GIB).toFixed(1)} GiB (${Math.round(share * 100)} %) at ${where}`;
  const advice = 'free space or move LOCAL_DATA_DIR: the embedded PostgreSQL and Redis stop writing on a full disk';
  if (space.freeBytes < GIB || share < 0.05) return fail(found, advice);
  if (space.freeBytes < 5 * GIB || share < 0.1) return warn(found, advice);
  return ok(found);
}
