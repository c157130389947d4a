import { expect } from 'chai';
import type { VideoStateName } from '../../shared/events/videoEvents.js';

/** The Video Spec event name a player integration sends for each state. */
export const VIDEO_SPEC_EVENT_NAMES: Record<VideoStateName, string> = {
  playback_started: 'Video Playback Started',
  content_started: 'Video Content Started',
  playing: 'Video Content Playing',
  paused: 'Video Playback Paused',
  resumed: 'Video Playback Resumed',
  interrupted: 'Video Playback Interrupted',
  seek_started: 'Video Playback Seek Started',
  seek_completed: 'Video Playback Seek Completed',
  buffer_started: 'Video Playback Buffer Started',
  buffer_completed: 'Video Playback Buffer Completed',
  content_completed: 'Video Content Completed',
  playback_completed: 'Video Playback Completed',
  exited: 'Video Playback Exited',
};

/**
 * One Video Spec playback of a 120-second video, as (seconds after the start, state, position,
 * extra) steps: a start, heartbeats every 10 s, a pause, a seek back, a heartbeat that jumps
 * ahead faster than the wall clock, a seek forward past the 50 % mark, a stall and the end.
 * The figures it must give, computed by hand, are in VIDEO_SPEC_EXPECTED.
 */
export interface StreamStep {
  t: number;
  state: VideoStateName;
  position: number;
  seekPosition?: number;
}

export const VIDEO_SPEC_LENGTH = 120;

export const VIDEO_SPEC_STREAM: readonly StreamStep[] = [
  { t: 0, state: 'playback_started', position: 0 },
  { t: 2, state: 'content_started', position: 0 }, // first frame: startup 2 s
  { t: 12, state: 'playing', position: 10 }, // [0, 10)
  { t: 22, state: 'playing', position: 20 }, // [10, 20)
  { t: 32, state: 'playing', position: 30 }, // [20, 30): reaches 25 % (30 s)
  { t: 35, state: 'paused', position: 33 }, // [30, 33)
  { t: 65, state: 'resumed', position: 33 }, // paused 30 s: nothing
  { t: 75, state: 'playing', position: 43 }, // [33, 43)
  { t: 80, state: 'seek_started', position: 48, seekPosition: 10 }, // [43, 48)
  { t: 81, state: 'seek_completed', position: 10 }, // seek back 48 → 10: nothing
  { t: 91, state: 'playing', position: 20 }, // [10, 20) again
  { t: 101, state: 'playing', position: 35 }, // 15 s of media in 10 s: capped, [20, 30)
  { t: 103, state: 'seek_started', position: 37, seekPosition: 85 }, // [35, 37)
  { t: 104, state: 'seek_completed', position: 85 }, // seek forward 37 → 85, over 50 % (60 s): not reached
  { t: 106, state: 'buffer_started', position: 86 }, // [85, 86)
  { t: 109, state: 'buffer_completed', position: 86 }, // a 3,000 ms stall
  { t: 119, state: 'playing', position: 96 }, // [86, 96): reaches 75 % (90 s)
  { t: 129, state: 'playing', position: 106 }, // [96, 106)
  { t: 139, state: 'playing', position: 116 }, // [106, 116)
  { t: 143, state: 'content_completed', position: 120 }, // [116, 120), 100 %, end (completed)
  { t: 144, state: 'playback_completed', position: 120 }, // after the end: nothing
];

/**
 * Watched: 10+10+10+3 +10+5 +10+10+2 +1 +10+10+10+4 = 105 s over the stretches below, whose
 * union is [0, 48) and [85, 120): seconds 0-47 and 85-119 (the midpoint rule) are watched, and
 * 10-29 and 35-36 twice.
 */
export const VIDEO_SPEC_EXPECTED = {
  plays: 1,
  watchSeconds: 105,
  reach25: 1,
  reach50: 0,
  reach75: 1,
  reach100: 1,
  startupMs: 2000,
  stalls: 1,
  stallMs: 3000,
  pauses: 1,
  resumes: 1,
  seeks: [
    { from: 48, to: 10 },
    { from: 37, to: 85 },
  ],
  stretches: [
    [0, 10], [10, 20], [20, 30], [30, 33], [33, 43], [43, 48], [10, 20], [20, 30], [35, 37], [85, 86], [86, 96], [96, 106], [106, 116], [116, 120],
  ] as [number, number][],
  /** request, first frame, 14 stretches, 3 milestones, pause, resume, 2 seeks, stall, end. */
  derivedEvents: 25,
};

/** What the funnel and retention answers say of the stream: neither depends on a wall-clock gap, so every way of sending it gives these. */
export function expectStreamFunnelAndRetention(answers: { funnel: Record<string, unknown>; retention: unknown }): void {
  const rows = answers.funnel.rows as { videoId: string; slotId: string; steps: { step: string; count: number }[] }[];
  expect(rows.map((r) => [r.videoId, r.slotId, r.steps.map((x) => [x.step, x.count])])).to.deep.equal([
    ['intro', 'hero', [['impression', 0], ['open', 0], ['play', 1], ['reach25', 1], ['reach50', 0], ['reach75', 1], ['reach100', 1], ['ctaClick', 0], ['conversion', 0]]],
  ]);
  const retention = answers.retention as { plays: number; duration: unknown; seconds: { second: number; watched: number; views: number }[] };
  expect(retention.plays).to.equal(1);
  expect(retention.duration).to.deep.equal({ seconds: VIDEO_SPEC_LENGTH, source: 'reported' });
  // Seconds 0-47 and 85-119 watched (the union of the stretches), 10-29 and 35-36 twice.
  expect(retention.seconds.filter((s) => s.watched > 0).map((s) => s.second)).to.deep.equal([...range(0, 48), ...range(85, 120)]);
  expect(retention.seconds.filter((s) => s.views === 2).map((s) => s.second)).to.deep.equal([...range(10, 30), 35, 36]);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
