import type { NormalizedEvent } from '../../normalize/types.js';
import type { DerivedEvent } from './derive.js';

/**
 * The `events` row of a derived event: the signal it is dated at gives its time, visitor,
 * session, device, place and bot flag; the derivation gives its type, play, video, slot and the
 * typed fields, stored in the columns (or props) the same event from the tracker would fill. Pure.
 */
export function derivedRow(source: NormalizedEvent, playId: string, videoId: string, slotId: string, d: DerivedEvent): NormalizedEvent {
  const f = d.fields;
  const props: Record<string, unknown> = {};
  if (f.autoplay !== undefined) props.autoplay = f.autoplay;
  if (f.position !== undefined) props.position = f.position;
  if (f.reason !== undefined) props.reason = f.reason;
  // A seek's positions have no column (the tracker's video_seek keeps them in props too).
  if (d.type === 'video_seek') {
    props.from = f.from;
    props.to = f.to;
  }
  const ranged = d.type === 'video_time';
  return {
    ...source,
    event_id: d.id,
    type: d.type,
    play_id: playId,
    video_id: videoId,
    slot_id: slotId,
    percent: f.percent ?? null,
    seconds: f.seconds ?? null,
    range_from: ranged ? (f.from ?? null) : null,
    range_to: ranged ? (f.to ?? null) : null,
    media_duration: f.duration ?? null,
    startup_ms: f.startupMs ?? null,
    stall_ms: f.durationMs ?? null,
    fatal: null,
    props: Object.keys(props).length > 0 ? props : null,
  };
}

/**
 * What makes two derivations of one event the same stored row: its type, the signal it is dated
 * at, its video and slot and its fields. A changed fingerprint under a kept id means the stored
 * row is stale.
 */
export function fingerprint(videoId: string, slotId: string, d: DerivedEvent): string {
  const fields = Object.keys(d.fields)
    .sort()
    .map((k) => [k, d.fields[k as keyof typeof d.fields]]);
  return JSON.stringify([d.type, d.source, videoId, slotId, fields]);
}
