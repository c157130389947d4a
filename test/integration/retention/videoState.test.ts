import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { runRetention } from '../../../shared/retention/runRetention.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { VIDEO_SPEC_EXPECTED, VIDEO_SPEC_LENGTH, VIDEO_SPEC_STREAM } from '../../helpers/videoSpecStream.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;

/**
 * A Video Spec play keeps its own bookkeeping beside its raw events (`video_state_signals`,
 * `video_state_derived`: visitor, time and event ids). Once the raw events are past retention,
 * that bookkeeping describes rows that no longer exist and must go with them; a play within
 * retention keeps all of it.
 */
describe('retention: Video Spec signal bookkeeping expires with the raw events', function () {
  this.timeout(120_000);
  let h: Harness;
  let worker: RunningWorker;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const oldStart = today - 5 * DAY_MS + 10 * 3_600_000;
  const keptStart = today - DAY_MS + 10 * 3_600_000;

  const play = (start: number) => {
    const who = { visitorId: randomUUID(), sessionId: randomUUID(), playId: randomUUID() };
    return {
      playId: who.playId,
      events: VIDEO_SPEC_STREAM.map((s) => ({
        id: randomUUID(),
        type: 'video_state',
        ts: start + s.t * 1000,
        ...who,
        videoId: 'intro',
        state: s.state,
        position: s.position,
        totalLength: VIDEO_SPEC_LENGTH,
      })),
    };
  };
  const rows = async (table: string, playId: string) =>
    Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from ${table} where project_id = $1 and play_id = $2`, [h.project.projectId, playId])).rows[0]!.n);

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Player', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when retention passes an old play then its signal and derivation rows go, and a kept play keeps all of its own', async () => {
    const old = play(oldStart);
    const kept = play(keptStart);
    const answer = await h.post({ events: [...old.events, ...kept.events] }, { key: h.project.writeKey, origin: SHOP });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
    await waitFor('both derivations', async () => (await rows('video_state_derived', old.playId)) + (await rows('video_state_derived', kept.playId)) === 2 * VIDEO_SPEC_EXPECTED.derivedEvents);
    expect(await rows('video_state_signals', old.playId)).to.equal(VIDEO_SPEC_STREAM.length);

    // 90 days' retention as of today + 87: the first kept day is today − 3, between the two plays.
    const options = { asOf: new Date(today + 87 * DAY_MS + 3_600_000), projectId: h.project.projectId, deadLetterRetentionDays: 30 };
    // Dry: the old play's 21 signals and 25 derived events (46 events, 46 ids) and its 21 + 25
    // bookkeeping rows; its play and session are within their longer horizons.
    const dry = await runRetention(h.t.pool, { ...options, dryRun: true });
    expect(dry.rowsDeleted).to.equal(2 * (VIDEO_SPEC_STREAM.length + VIDEO_SPEC_EXPECTED.derivedEvents) + VIDEO_SPEC_STREAM.length + VIDEO_SPEC_EXPECTED.derivedEvents);
    expect(await rows('video_state_signals', old.playId)).to.equal(VIDEO_SPEC_STREAM.length);

    const report = await runRetention(h.t.pool, options);
    expect(report.rowsDeleted).to.equal(dry.rowsDeleted);
    expect(report.projects[0]!.cutoff).to.equal(new Date(today - 3 * DAY_MS).toISOString());
    const oldEvents = Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events where project_id = $1 and occurred_at < $2`, [h.project.projectId, new Date(today - 3 * DAY_MS)])).rows[0]!.n);
    expect(oldEvents).to.equal(0);

    expect(await rows('video_state_signals', old.playId)).to.equal(0);
    expect(await rows('video_state_derived', old.playId)).to.equal(0);
    expect(await rows('video_state_signals', kept.playId)).to.equal(VIDEO_SPEC_STREAM.length);
    expect(await rows('video_state_derived', kept.playId)).to.equal(VIDEO_SPEC_EXPECTED.derivedEvents);
  });
});
