import { LIMITS } from '../../../shared/events/limits.js';
import { CatalogId } from '../../../shared/events/schema.js';
import { VIDEO_STATES, type VideoStateName } from '../../../shared/events/videoEvents.js';
import type { NormalizedEvent } from '../../normalize/types.js';
import type { Signal } from './derive.js';

const STATES: ReadonlySet<string> = new Set(VIDEO_STATES);

/**
 * The signal a stored `video_state` row carries in its props. The API checked every field, but
 * rows come back from storage (or a replayed job), so a value outside the contract reads as
 * absent rather than reaching the derivation; an unknown state is no signal at all.
 */
export function signalOf(row: Pick<NormalizedEvent, 'event_id' | 'occurred_at' | 'props'>): Signal | undefined {
  const p = row.props ?? {};
  const state = p.state;
  if (typeof state !== 'string' || !STATES.has(state)) return undefined;
  return {
    eventId: row.event_id.toLowerCase(),
    at: row.occurred_at.getTime(),
    state: state as VideoStateName,
    position: media(p.position),
    totalLength: positive(p.totalLength),
    videoId: catalogId(p.videoId),
    slotId: catalogId(p.slotId),
    autoplay: typeof p.autoplay === 'boolean' ? p.autoplay : null,
  };
}

function media(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= LIMITS.maxMediaSeconds ? value : null;
}

function positive(value: unknown): number | null {
  const v = media(value);
  return v !== null && v > 0 ? v : null;
}

function catalogId(value: unknown): string | null {
  return typeof value === 'string' && CatalogId.safeParse(value).success ? value : null;
}
