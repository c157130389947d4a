import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { runRetention } from '../../../shared/retention/runRetention.js';
import { rollupDirtyDays } from '../../../worker/rollup/dirty.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;
const S = 1000;

/**
 * Retention of Video Spec signals (`video_state`) and what the worker derived from them, for a
 * UTC project with the default 90 days of raw events and a 30-day conversion window. The run is
 * as of 90 days after `cut`, a midnight 40 days ago, so `cut` is the first kept instant and
 * `cut` − 30 days the plays' horizon. Three plays of `intro`:
 * - OLD, 35 days before `cut`: past the plays' horizon, its bookkeeping goes with its events;
 * - MID, 10 days before `cut`: its events go, its bookkeeping stays with its `plays` fact;
 * - EDGE, from 60 s before `cut` to 22 s after: its signals straddle the cut.
 */
describe('retention: Video Spec signals and their derivations', function () {
  this.timeout(120_000);
  let h: Harness;
  let worker: RunningWorker;
  const cut = Math.floor(Date.now() / DAY_MS) * DAY_MS - 40 * DAY_MS;
  const asOf = new Date(cut + 90 * DAY_MS + 3_600_000);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const plays = { old: randomUUID(), mid: randomUUID(), edge: randomUUID() };
  const days = [day(cut - 35 * DAY_MS), day(cut - 10 * DAY_MS), day(cut - DAY_MS), day(cut)];

  const signal = (playId: string, visitorId: string, ts: number, state: string, position: number, totalLength: number) => ({
    id: randomUUID(),
    type: 'video_state',
    ts,
    visitorId,
    sessionId: visitorId,
    playId,
    videoId: 'intro',
    slotId: 'hero',
    state,
    position,
    totalLength,
  });
  /** Start, first frame, a heartbeat and the end of a 20-second video, from `at`. */
  const shortPlay = (playId: string, at: number) => {
    const v = randomUUID();
    return [
      signal(playId, v, at, 'playback_started', 0, 20),
      signal(playId, v, at + S, 'content_started', 0, 20),
      signal(playId, v, at + 11 * S, 'playing', 10, 20),
      signal(playId, v, at + 21 * S, 'content_completed', 20, 20),
    ];
  };
  const edgeVisitor = randomUUID();
  /** Heartbeats every 10 s of an 80-second video, across `cut`: 75 % (60 s) and the end after it. */
  const edge = [
    signal(plays.edge, edgeVisitor, cut - 60 * S, 'playback_started', 0, 80),
    signal(plays.edge, edgeVisitor, cut - 58 * S, 'content_started', 0, 80),
    ...[10, 20, 30, 40, 50, 60, 70].map((position) => signal(plays.edge, edgeVisitor, cut - 58 * S + position * S, 'playing', position, 80)),
    signal(plays.edge, edgeVisitor, cut + 22 * S, 'content_completed', 80, 80),
  ];

  const count = async (sql: string, params: unknown[]) => Number((await h.t.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  const rowsOf = async (table: string, playId: string) => count(`select count(*)::text as n from ${table} where play_id = $1`, [playId]);
  const post = async (events: unknown[]) => {
    const answer = await h.post({ events }, { key: h.project.writeKey, origin: SHOP });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
  };
  /** Every video answer for each day and over all of them, as text. */
  const answers = async () => {
    const out: Record<string, string> = {};
    for (const [from, to] of [...days.map((d) => [d, d]), [days[0]!, days[3]!]]) {
      for (const path of ['videos', 'playback', 'video-funnel', 'audience-retention?videoId=intro']) {
        const answer = await withBearer(h, 'GET', `/v1/stats/${path}${path.includes('?') ? '&' : '?'}from=${from}&to=${to}`, h.project.readKey);
        expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
        out[`${path} ${from}..${to}`] = JSON.stringify(answer.json);
      }
    }
    return out;
  };
  const playsOn = async (d: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/videos?from=${d}&to=${d}`, h.project.readKey);
    return (answer.json.videos as { plays: number }[])[0]?.plays ?? 0;
  };
  let rolledUp: Record<string, string>;

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Player', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
    await post([...shortPlay(plays.old, cut - 35 * DAY_MS + 10 * 3_600_000), ...shortPlay(plays.mid, cut - 10 * DAY_MS + 10 * 3_600_000), ...edge]);
    // Two short plays of 9 derived events, and the edge play's request, first frame, 8 stretches, 4 milestones and end.
    await waitFor('the derived events', async () => (await count(`select count(*)::text as n from video_state_derived`, [])) === 9 + 9 + 15);
    await rollupDirtyDays(h.t.pool);
    rolledUp = await answers();
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when the plays are rolled up then the edge play counts on the day before the cut and its 75 % and end on the cut day', async () => {
    expect([await playsOn(days[2]!), await playsOn(days[3]!)]).to.deep.equal([1, 0]);
    const funnel = JSON.parse(rolledUp[`video-funnel ${days[3]}..${days[3]}`]!) as { rows: { steps: { step: string; count: number }[] }[] };
    expect(funnel.rows[0]!.steps.filter((s) => s.count > 0).map((s) => s.step)).to.deep.equal(['reach75', 'reach100']);
  });

  it('when retention runs then an expired play loses its bookkeeping, a play within the window keeps it without events, and every figure stays', async () => {
    const oldRows = (await rowsOf('video_state_signals', plays.old)) + (await rowsOf('video_state_derived', plays.old));
    expect(oldRows).to.equal(4 + 9);
    const dry = await runRetention(h.t.pool, { asOf, dryRun: true, deadLetterRetentionDays: 30 });
    expect(dry.projects[0]!.videoStates).to.equal(oldRows);
    const report = await runRetention(h.t.pool, { asOf, deadLetterRetentionDays: 30 });
    expect(report.projects[0]!.videoStates).to.equal(oldRows);

    const eventsOf = (playId: string) => count(`select count(*)::text as n from events where play_id = $1`, [playId]);
    expect([await rowsOf('video_state_signals', plays.old), await rowsOf('video_state_derived', plays.old), await eventsOf(plays.old)]).to.deep.equal([0, 0, 0]);
    expect([await rowsOf('video_state_signals', plays.mid), await rowsOf('video_state_derived', plays.mid), await eventsOf(plays.mid)]).to.deep.equal([4, 9, 0]);
    expect(await count(`select count(*)::text as n from plays where play_id = $1`, [plays.mid])).to.equal(1);
    // The edge play keeps its bookkeeping; of its events only those from the cut on: two
    // signals (60, 70 s) and the end's, the stretches [50, 60) and [60, 70) and [70, 80), 75 %, 100 % and the end.
    expect([await rowsOf('video_state_signals', plays.edge), await rowsOf('video_state_derived', plays.edge)]).to.deep.equal([10, 15]);
    const kept = await h.t.pool.query<{ type: string }>(`select type from events where play_id = $1 order by occurred_at, type`, [plays.edge]);
    expect(kept.rows.map((r) => r.type)).to.deep.equal([
      'video_progress', 'video_state', 'video_time',
      'video_state', 'video_time',
      'video_end', 'video_progress', 'video_state', 'video_time',
    ]);
    // A second run finds nothing more.
    expect((await runRetention(h.t.pool, { asOf, deadLetterRetentionDays: 30 })).projects[0]!.videoStates).to.equal(0);

    await rollupDirtyDays(h.t.pool);
    expect(await answers()).to.deep.equal(rolledUp);
  });

  it('when a late signal lands between two kept signals of the cut play then it is stored and no figure moves', async () => {
    const derivedBefore = await h.t.pool.query<{ event_id: string }>(`select event_id from events where play_id = $1 and type <> 'video_state' order by event_id`, [plays.edge]);
    // A pause 7 s after the cut: re-deriving from the signals left would make the 60 s
    // heartbeat the first frame, a new play on the cut day.
    const late = signal(plays.edge, edgeVisitor, cut + 7 * S, 'paused', 65, 80);
    await post([late]);
    await waitFor('the late signal', async () => (await rowsOf('video_state_signals', plays.edge)) === 11);
    expect(await count(`select count(*)::text as n from events where event_id = $1`, [late.id])).to.equal(1);
    const derivedAfter = await h.t.pool.query<{ event_id: string }>(`select event_id from events where play_id = $1 and type <> 'video_state' order by event_id`, [plays.edge]);
    expect(derivedAfter.rows).to.deep.equal(derivedBefore.rows);
    await rollupDirtyDays(h.t.pool);
    expect(await playsOn(days[3]!)).to.equal(0);
    expect(await answers()).to.deep.equal(rolledUp);
  });
});
