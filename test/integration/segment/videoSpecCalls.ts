import type { TrackParams } from '@segment/analytics-node';
import { VIDEO_SPEC_EVENT_NAMES, VIDEO_SPEC_LENGTH, VIDEO_SPEC_STREAM } from '../../helpers/videoSpecStream.js';


/**
 * How late each step of the shared stream is sent, per step: a player's heartbeat timer fires a
 * little after its 10 s, so between two signals the wall clock runs 250 ms ahead of the media
 * position. That slack keeps every uncapped delta at its position difference however the
 * server's clock-skew correction (each request's receivedAt − sentAt) shifts two requests
 * against each other by a few milliseconds.
 */
export const LATE_MS = 250;

export interface PlayOptions {
  anonymousId: string;
  /** The Video Spec playback `session_id`: one play. */
  playbackSession: string;
  /** Epoch ms of step 0. */
  start: number;
  /** The property that names the slot, and its value; undefined sends no slot at all. */
  slot?: { property: string; value: string };
  /** Properties every message carries besides the spec's (a decoy slot property, say). */
  extra?: Record<string, unknown>;
}

/**
 * The shared Video Spec stream (test/helpers/videoSpecStream.ts) as the `track` calls a shop's
 * server makes with @segment/analytics-node, step `i` sent `i × LATE_MS` late. Only every third
 * message names the video and slot, as playback events often do not; the length alternates
 * between snake_case and camelCase, both of which the mapping reads.
 */
export function videoSpecCalls(o: PlayOptions): TrackParams[] {
  return VIDEO_SPEC_STREAM.map((s, i) => {
    const properties: Record<string, unknown> = { ...o.extra, session_id: o.playbackSession, position: s.position };
    properties[i % 2 === 0 ? 'total_length' : 'totalLength'] = VIDEO_SPEC_LENGTH;
    if (i % 3 === 1) {
      properties.content_asset_id = 'intro';
      if (o.slot !== undefined) properties[o.slot.property] = o.slot.value;
    }
    if (s.seekPosition !== undefined) properties.seek_position = s.seekPosition;
    if (i === 0) properties.autoplay = false;
    return { anonymousId: o.anonymousId, event: VIDEO_SPEC_EVENT_NAMES[s.state], properties, timestamp: new Date(o.start + s.t * 1000 + i * LATE_MS) };
  });
}

/**
 * What the stream gives with LATE_MS of slack, by hand from VIDEO_SPEC_EXPECTED:
 * - every uncapped delta still counts its position difference, but the heartbeat that jumps
 *   15 s of media (step 10 → 11) is capped by a wall-clock gap of 10.25 s instead of 10 s:
 *   105 − 10 + 10.25 = 105.25 watched seconds; its stretch [20, 30.25) covers no further
 *   second's midpoint, so the retention curve is unchanged;
 * - startup (step 0 → 1): 2,000 + 250 = 2,250 ms, still in the [2000, 3000) bucket;
 * - the stall (step 14 → 15): 3,000 + 250 = 3,250 ms; 100 × 3.25 / 105.25 = 3.0879 % rebuffering.
 */
export const SLACK_EXPECTED = {
  watchSeconds: 105.25,
  startupMs: 2250,
  stallMs: 3250,
  rebufferPercent: 3.0879,
};
