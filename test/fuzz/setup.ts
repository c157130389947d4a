import { startHarness, type Harness } from '../integration/api/harness.js';
import { KIND, Rollups } from '../integration/stats-api/fixtures.js';
import type { FuzzTargets } from './targets.js';

const A_ORIGIN = 'https://shop.example';
const B_ORIGIN = 'https://b.example';

/**
 * The real web process with the settings that let the most code run: a trusted proxy hop (so
 * X-Forwarded-For junk reaches req.ip), IP truncation and a geo header (so that junk is parsed),
 * and rate limits high enough that most requests get past them to the queue.
 */
export async function startFuzzHarness(): Promise<{ h: Harness; targets: FuzzTargets }> {
  const h = await startHarness({
    env: {
      TRUST_PROXY_HOPS: '1',
      IP_STORAGE: 'truncate',
      GEO_COUNTRY_HEADER: 'CF-IPCountry',
      RATE_LIMIT_PER_IP: '2000',
      RATE_LIMIT_SECRET: 'fuzz-rate-limit-secret-0123456789abcdef',
    },
    projects: [
      { name: 'A', timezone: 'Europe/Berlin', allowedOrigins: [A_ORIGIN] },
      { name: 'B', timezone: 'America/New_York', allowedOrigins: [B_ORIGIN] },
    ],
  });
  const [a, b] = [h.projects[0]!, h.projects[1]!];
  // A revoked key among those presented: rotate B's write key once.
  const rotated = await h.admin('POST', '/keys/write/rotate', undefined, b.adminKey);
  if (rotated.status !== 201) throw new Error(`rotating B's write key answered ${rotated.status}`);

  // Some figures for A, so valid stats requests compute real answers rather than zeros.
  const rollups = new Rollups(h.t.pool, a.projectId);
  for (const day of ['2026-03-01', '2026-03-05']) {
    await rollups.project(day, false, { impressions: 5, opens: 2, plays: 1 });
    await rollups.slot(day, 'intro', 'home', false, { plays: 1 });
    await rollups.members(day, KIND.visitor, '', false, [1, 2]);
    await rollups.page(day, `${A_ORIGIN}/p/1`, false, 2);
    await rollups.stamp(day);
  }

  return {
    h,
    targets: {
      a: { writeKey: a.writeKey, readKey: a.readKey, adminKey: a.adminKey, origin: A_ORIGIN },
      b: { writeKey: rotated.json.key as string, readKey: b.readKey, adminKey: b.adminKey, revokedWriteKey: b.writeKey, origin: B_ORIGIN },
    },
  };
}
