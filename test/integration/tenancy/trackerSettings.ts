import { expect } from 'chai';
import type { Answer, Harness } from '../api/harness.js';
import { waitFor } from '../worker/helpers.js';
import { withBearer, type Tenants } from './tenants.js';
import type { CrossProjectCheck } from './crossProject.js';

/** The tracker's settings of the project a write key belongs to. */
export function trackerSettings(h: Harness, key: string): Promise<Answer> {
  return h.request('GET', `/v1/tracker/settings?key=${encodeURIComponent(key)}`);
}

async function saltOf(h: Harness, projectId: string): Promise<string> {
  const { rows } = await h.t.pool.query<{ holdout_salt: string }>('select holdout_salt from projects where id = $1', [projectId]);
  return rows[0]!.holdout_salt;
}

export const TRACKER_SETTINGS_CROSS_PROJECT: Record<string, { then: string; check: CrossProjectCheck }> = {
  'GET /v1/tracker/settings': {
    then: "A's holdout and salt come back, never B's",
    check: async (h, t: Tenants) => {
      expect((await withBearer(h, 'PATCH', '/v1/admin/project', t.b.adminKey, { holdoutPercent: 30 })).status).to.equal(200);
      expect((await withBearer(h, 'PATCH', '/v1/admin/project', t.a.adminKey, { holdoutPercent: 10 })).status).to.equal(200);
      const expected = { holdoutPercent: 10, holdoutSalt: await saltOf(h, t.a.projectId) };
      expect(expected.holdoutSalt).to.not.equal(await saltOf(h, t.b.projectId));
      await waitFor("A's settings", async () => JSON.stringify((await trackerSettings(h, t.a.writeKey)).json) === JSON.stringify(expected));
    },
  },
};
