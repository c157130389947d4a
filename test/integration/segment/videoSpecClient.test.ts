import { Analytics, type TrackParams } from '@segment/analytics-node';
import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { FaultProxy } from '../../helpers/faultProxy.js';
import { silentLog } from '../../helpers/services.js';
import { expectStreamFunnelAndRetention, VIDEO_SPEC_EXPECTED } from '../../helpers/videoSpecStream.js';
import { eventually, startHarness, type Harness } from '../api/harness.js';
import { rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';
import { SegmentApp } from './segmentApp.js';
import { SLACK_EXPECTED, videoSpecCalls } from './videoSpecCalls.js';

const DAY_MS = 86_400_000;
const DERIVED_TYPES = ['video_request', 'video_play', 'video_progress', 'video_time', 'video_pause', 'video_resume', 'video_seek', 'video_stall', 'video_end'];

/**
 * The order a second play's 21 messages arrive in, one request per group (so the groups are
 * flushes of 1 to 3 messages). The two pairs whose wall-clock gap is itself a figure, the
 * capped jump (steps 10, 11) and the stall (14, 15), travel in one request each: the server
 * corrects each request by its own transit time, so two signals of two requests are a few
 * milliseconds nearer or further apart than they were sent, and a figure measured on that gap
 * would be off by as much. Every other gap has LATE_MS of slack.
 */
const ARRIVAL: readonly (readonly number[])[] = [[17], [3, 20], [15, 9, 14], [6], [11, 10], [1, 18, 5], [0], [13, 2], [8, 19, 12], [16, 4], [7]];

/**
 * Segment's Video Spec end to end through the real @segment/analytics-node: a shop's server
 * tracks a playback, the API maps it to `video_state` signals, the worker derives the play and
 * the rollup counts it, and every stats answer is the hand-computed one. The projects' slot
 * property is set through the admin API (`widget_slot`) or left at its default (`slot_id`);
 * each message also carries the other name as a decoy that must be ignored.
 */
describe('Segment Video Spec through the real @segment/analytics-node, worker and rollup', function () {
  this.timeout(120_000);
  let h: Harness;
  let worker: RunningWorker;
  let proxy: FaultProxy;
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const start = d1 + 10 * 3_600_000;
  const [CUSTOM, SHUFFLED, DEFAULT] = [0, 1, 2];

  const count = async (p: number, types: readonly string[]) =>
    Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events where project_id = $1 and type = any($2)`, [h.projects[p]!.projectId, types])).rows[0]!.n);
  const stats = async (p: number, path: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/${path}${path.includes('?') ? '&' : '?'}from=${day1}&to=${day1}`, h.projects[p]!.readKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json;
  };
  const answers = async (p: number) => ({
    videos: await stats(p, 'videos'),
    playback: await stats(p, 'playback'),
    funnel: await stats(p, 'video-funnel'),
    retention: await stats(p, 'audience-retention?videoId=intro'),
  });

  /** Sends the calls with one client of flushAt `calls.length` (one request), and closes it. */
  const send = async (p: number, calls: readonly TrackParams[]) => {
    const client = new Analytics({ writeKey: h.projects[p]!.writeKey, host: proxy.url, flushAt: calls.length, flushInterval: 60_000, maxRetries: 0 });
    const errors: unknown[] = [];
    client.on('error', (err) => errors.push(err));
    for (const call of calls) client.track(call);
    await client.closeAndFlush({ timeout: 10_000 });
    expect(errors).to.deep.equal([]);
  };

  /** Sets the project's slot property through the admin API and waits until ingest uses it. */
  const setSlotProperty = async (p: number, property: string, holdoutPercent: number) => {
    const project = h.projects[p]!;
    const answer = await h.admin('PATCH', '/project', { segmentSlotProperty: property, holdoutPercent }, project.adminKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    // The tracker settings are read from the same cached snapshot as the slot property: once
    // they show the holdout share patched together with it, ingest maps with the new name.
    await eventually(async () => (await h.request('GET', `/v1/tracker/settings?key=${project.writeKey}`)).json.holdoutPercent === holdoutPercent, 5000);
  };

  before(async () => {
    h = await startHarness({ projects: ['Custom', 'Shuffled', 'Default'].map((name) => ({ name, timezone: 'UTC' })) });
    worker = await startWorker(h.t.config, silentLog);
    proxy = await FaultProxy.start(h.web.url);
    await setSlotProperty(CUSTOM, 'widget_slot', 1);
    await setSlotProperty(SHUFFLED, 'widget_slot', 2);
  });
  after(async () => {
    await proxy.close();
    await worker.close();
    await h.close();
  });

  it('when a playback is tracked in order with a custom slot property then plays, milestones, watch seconds, stalls and retention are the hand-computed ones', async () => {
    const calls = videoSpecCalls({ anonymousId: 'shopper-1', playbackSession: 'playback-1', start, slot: { property: 'widget_slot', value: 'hero' }, extra: { slot_id: 'sidebar' } });
    await send(CUSTOM, calls);
    await waitFor('the derived events', async () => (await count(CUSTOM, DERIVED_TYPES)) === VIDEO_SPEC_EXPECTED.derivedEvents);
    // Every message stored once, as a signal under the id its messageId names.
    const projectId = h.projects[CUSTOM]!.projectId;
    const ids = proxy.messageIdsSent().at(-1)!.map((m) => SegmentApp.eventId(projectId, m)).sort();
    const { rows } = await h.t.pool.query<{ event_id: string }>(`select event_id from events where project_id = $1 and type = 'video_state' order by event_id`, [projectId]);
    expect(rows.map((r) => r.event_id)).to.deep.equal(ids).and.to.have.length(21);
    await rollupAll(h.t.pool, projectId);

    const a = await answers(CUSTOM);
    const videos = a.videos.videos as Record<string, unknown>[];
    // One play of intro in slot hero (named by widget_slot on every third message; slot_id is
    // not this project's property). 50 % is never reached: the seek forward jumped over it.
    expect(videos).to.have.length(1);
    expect(videos[0]).to.deep.include({ videoId: 'intro', plays: 1, viewers: 1, reach25: 1, reach50: 0, reach75: 1, reach100: 1, watchSeconds: SLACK_EXPECTED.watchSeconds });
    expect((videos[0]!.slots as Record<string, unknown>[]).map((x) => x.slotId)).to.deep.equal(['hero']);
    // One requested view started after 2,250 ms: the [2000, 3000) bucket interpolates p50 to
    // 2500 and p95 to 2950. One stall of 3,250 ms.
    expect(a.playback.rows).to.deep.equal([
      {
        videoId: 'intro',
        slotId: 'hero',
        views: 1,
        started: 1,
        startupTimes: 1,
        startupP50Ms: 2500,
        startupP95Ms: 2950,
        rebufferCount: 1,
        stallMs: SLACK_EXPECTED.stallMs,
        watchSeconds: SLACK_EXPECTED.watchSeconds,
        rebufferPercent: SLACK_EXPECTED.rebufferPercent,
        exitsBeforeStart: 0,
        exitsBeforeStartPercent: 0,
        startupFailures: 0,
        startupFailurePercent: 0,
        playbackFailures: 0,
        playbackFailurePercent: 0,
      },
    ]);
    expectStreamFunnelAndRetention(a);
  });

  it('when a second playback arrives shuffled over eleven flushes of one to three messages then every answer is the same as in order', async () => {
    const calls = videoSpecCalls({ anonymousId: 'shopper-2', playbackSession: 'playback-2', start, slot: { property: 'widget_slot', value: 'hero' }, extra: { slot_id: 'sidebar' } });
    expect(ARRIVAL.flat().sort((x, y) => x - y)).to.deep.equal(range(0, calls.length));
    const before = proxy.messageIdsSent().length;
    let sent = 0;
    for (const group of ARRIVAL) {
      await send(SHUFFLED, group.map((i) => calls[i]!));
      sent += group.length;
      // Each flush is written before the next is sent, so the worker meets the signals in this order.
      await waitFor(`${sent} signals`, async () => (await count(SHUFFLED, ['video_state'])) === sent);
    }
    // One request per flush, holding exactly its group.
    const requests = proxy.messageIdsSent().slice(before);
    expect(requests.map((r) => r.length)).to.deep.equal(ARRIVAL.map((g) => g.length));
    await waitFor('the derived events', async () => (await count(SHUFFLED, DERIVED_TYPES)) === VIDEO_SPEC_EXPECTED.derivedEvents);
    // Replaced derivations leave nothing behind: exactly the final set is stored.
    const { rows } = await h.t.pool.query<{ n: string }>(`select count(*)::text as n from video_state_derived where project_id = $1`, [h.projects[SHUFFLED]!.projectId]);
    expect(Number(rows[0]!.n)).to.equal(VIDEO_SPEC_EXPECTED.derivedEvents);
    await rollupAll(h.t.pool, h.projects[SHUFFLED]!.projectId);
    expect(await answers(SHUFFLED)).to.deep.equal(await answers(CUSTOM));
  });

  it('when the project keeps the default slot property then slot_id names the slot, and a play whose messages name none lands in slot default', async () => {
    const named = videoSpecCalls({ anonymousId: 'shopper-3', playbackSession: 'playback-3', start, slot: { property: 'slot_id', value: 'hero' }, extra: { widget_slot: 'sidebar' } });
    // A short play of outro that never names a slot: start, first frame, one heartbeat, the end.
    const t = (s: number) => new Date(start + 3_600_000 + s * 1000);
    const playback = { session_id: 'playback-4', content_asset_id: 'outro', total_length: 20 };
    const unnamed: TrackParams[] = [
      { anonymousId: 'shopper-4', event: 'Video Playback Started', properties: { ...playback, position: 0 }, timestamp: t(0) },
      { anonymousId: 'shopper-4', event: 'Video Content Started', properties: { ...playback, position: 0 }, timestamp: t(1) },
      { anonymousId: 'shopper-4', event: 'Video Content Playing', properties: { ...playback, position: 10 }, timestamp: t(11) },
      { anonymousId: 'shopper-4', event: 'Video Content Completed', properties: { ...playback, position: 20 }, timestamp: t(21) },
    ];
    await send(DEFAULT, [...named, ...unnamed]);
    // The named play's 25 derived events; the other's request, first frame, two stretches, four milestones and end.
    await waitFor('the derived events', async () => (await count(DEFAULT, DERIVED_TYPES)) === VIDEO_SPEC_EXPECTED.derivedEvents + 9);
    await rollupAll(h.t.pool, h.projects[DEFAULT]!.projectId);

    const videos = (await stats(DEFAULT, 'videos')).videos as Record<string, unknown>[];
    const custom = ((await stats(CUSTOM, 'videos')).videos as Record<string, unknown>[])[0];
    expect(videos.map((v) => v.videoId)).to.deep.equal(['intro', 'outro']);
    // slot_id is this project's property: the same play as the custom project's, in slot hero.
    expect(videos[0]).to.deep.equal(custom);
    // [0, 10) and [10, 20) of a 20-second video: 20 s, every milestone (5, 10, 15 s and the end).
    expect(videos[1]).to.deep.include({ plays: 1, viewers: 1, reach25: 1, reach50: 1, reach75: 1, reach100: 1, watchSeconds: 20 });
    expect((videos[1]!.slots as Record<string, unknown>[]).map((x) => x.slotId)).to.deep.equal(['default']);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
