import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { RealtimeResponse } from '../../../api/stats/realtime/schemas.js';
import { RealtimeRecorder } from '../../../worker/realtime/RealtimeRecorder.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from '../api/assertions.js';
import type { Harness } from '../api/harness.js';
import type { CrossProjectCheck } from './crossProject.js';
import { withBearer, type Tenants } from './tenants.js';

/** B's live figures as the worker writes them (no worker runs in the tenancy suite). */
async function bLiveFigures(h: Harness, t: Tenants): Promise<void> {
  const recorder = new RealtimeRecorder(h.redis, { prefix: h.t.config.redis.prefix, maxMembersPerMinute: 100, log: silentLog });
  const base = { project_id: t.b.projectId, occurred_at: new Date(), visitor_id: randomUUID(), session_id: randomUUID(), is_bot: false };
  await recorder.record([
    { ...base, event_id: randomUUID(), type: 'page_view', page_key: `${t.b.origin}/b-only`, play_id: null, video_id: null },
    { ...base, event_id: randomUUID(), type: 'video_play', page_key: null, play_id: randomUUID(), video_id: 'intro' },
  ]);
}

const live = async (h: Harness, key: string, query = '') => {
  const answer = await withBearer(h, 'GET', `/v1/stats/realtime${query}`, key);
  expect(answer.status).to.equal(200);
  return RealtimeResponse.parse(answer.json);
};

export const REALTIME_CROSS_PROJECT: Record<string, { then: string; check: CrossProjectCheck }> = {
  'GET /v1/stats/realtime': {
    then: "none of B's live visitors, pages or plays is counted, while B sees them",
    check: async (h, t) => {
      await bLiveFigures(h, t);
      const theirs = await live(h, t.b.readKey);
      expect(theirs.active.last5Minutes.visitors).to.equal(1);
      expect(theirs.top.pages.map((p) => p.url)).to.deep.equal([`${t.b.origin}/b-only`]);
      const mine = await live(h, t.a.readKey);
      expect(mine.active.last30Minutes).to.deep.equal({ visitors: 0, sessions: 0 });
      expect([mine.totals, mine.top.pages, mine.top.videos]).to.deep.equal([{ pageviews: 0, opens: 0, plays: 0 }, [], []]);
      // The project is the key's: naming B's in the query is refused, not obeyed.
      expectClientError(await withBearer(h, 'GET', `/v1/stats/realtime?projectId=${t.b.projectId}`, t.a.readKey), 400, 'invalid_parameter', 'projectId');
    },
  },
};
