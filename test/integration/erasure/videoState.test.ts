import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { rollupDirtyDays } from '../../../worker/rollup/dirty.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { eventually, SHOP, startHarness, type Harness } from '../api/harness.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;
const S = 1000;

/**
 * A visitor's Video Spec play is theirs in every table: the signals and derived events in
 * `events`, and the worker's bookkeeping of the play (`video_state_signals`,
 * `video_state_derived`, which name the visitor). The export gives all of it back, the erasure
 * deletes all of it, and the other visitor's play stays whole.
 */
describe('erasure and export: Video Spec signals and their derivations', function () {
  this.timeout(120_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const x = randomUUID();
  const y = randomUUID();

  /** Start, first frame, a heartbeat and the end of a 20-second video: 9 derived events. */
  const play = (visitorId: string, at: number) => {
    const who = { visitorId, sessionId: randomUUID(), playId: randomUUID(), videoId: 'intro', slotId: 'hero', totalLength: 20 };
    const signal = (ts: number, state: string, position: number) => ({ id: randomUUID(), type: 'video_state', ts, ...who, state, position });
    return [signal(at, 'playback_started', 0), signal(at + S, 'content_started', 0), signal(at + 11 * S, 'playing', 10), signal(at + 21 * S, 'content_completed', 20)];
  };
  const ofX = play(x, d1 + 10 * 3_600_000);
  const ofY = play(y, d1 + 11 * 3_600_000);

  const rows = async (table: string, visitorId: string) =>
    Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from ${table} where project_id = $1 and visitor_id = $2`, [h.project.projectId, visitorId])).rows[0]!.n);
  const admin = () => ({ authorization: `Bearer ${h.project.adminKey}` });
  const videos = async () => {
    const answer = await h.request('GET', `/v1/stats/videos?from=${day1}&to=${day1}`, { headers: { authorization: `Bearer ${h.project.readKey}` } });
    return (answer.json.videos as Record<string, unknown>[]).map((v) => ({ plays: v.plays, viewers: v.viewers, watchSeconds: v.watchSeconds, reach100: v.reach100 }));
  };

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Player', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
    const answer = await h.post({ events: [...ofX, ...ofY] }, { key: h.project.writeKey, origin: SHOP });
    expect(answer.json).to.deep.include({ accepted: 8 });
    await waitFor('the derived events', async () => (await rows('video_state_derived', x)) === 9 && (await rows('video_state_derived', y)) === 9);
    await rollupDirtyDays(h.t.pool);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it("when X is exported then their signals, derived events and the play's bookkeeping come back, and nothing of Y", async () => {
    const res = await fetch(`${h.web.url}/v1/visitors/${x}/export`, { headers: admin() });
    expect(res.status).to.equal(200);
    const lines = (await res.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const kinds = (kind: string) => lines.filter((l) => l.kind === kind);
    // 4 signals and 9 derived events: request, first frame, 2 stretches, 4 milestones, end.
    expect(kinds('event').map((e) => e.type).filter((t) => t === 'video_state')).to.have.length(4);
    expect(kinds('event')).to.have.length(13);
    expect(kinds('video_state_signals').map((r) => r.eventId).sort()).to.deep.equal(ofX.map((e) => e.id).sort());
    const derivedIds = kinds('event').filter((e) => e.type !== 'video_state').map((e) => e.eventId).sort();
    expect(kinds('video_state_derived').map((r) => r.eventId).sort()).to.deep.equal(derivedIds);
    for (const line of lines) expect(line.visitorId, JSON.stringify(line)).to.equal(x);
  });

  it('when X is erased then every row of their play is gone from both tables and events, Y keeps theirs, and the figures are those of Y alone', async () => {
    expect(await videos()).to.deep.equal([{ plays: 2, viewers: 2, watchSeconds: 40, reach100: 2 }]);
    const erased = await h.request('DELETE', `/v1/visitors/${x}`, { headers: admin() });
    expect(erased.status).to.equal(202);
    const job = async () => (await h.request('GET', `/v1/jobs/${erased.json.jobId as string}`, { headers: admin() })).json;
    await eventually(async () => (await job()).state === 'done', 60_000, 100);
    expect(((await job()).progress as { rows: Record<string, number> }).rows).to.include({ events: 13, video_state_signals: 4, video_state_derived: 9 });
    expect([await rows('events', x), await rows('video_state_signals', x), await rows('video_state_derived', x)]).to.deep.equal([0, 0, 0]);
    expect([await rows('events', y), await rows('video_state_signals', y), await rows('video_state_derived', y)]).to.deep.equal([13, 4, 9]);
    // [0, 10) and [10, 20): 20 s, and the end, of Y's play only.
    expect(await videos()).to.deep.equal([{ plays: 1, viewers: 1, watchSeconds: 20, reach100: 1 }]);
  });
});
