/**
 * The per-day member sets behind every distinct metric (docs/architecture.md, "Metric algebra"):
 * one set per (day, kind, scope, bot flag), never summed, only unioned. Worker and stats API
 * name their rows through this module alone.
 */
export const SET_KIND = { visitor: 1, viewer: 3, pageVisitor: 4, opener: 5, converter: 6, pageViewer: 7, pageSession: 8, impressed: 9, heldOut: 10 } as const;

/**
 * Kind numbers that are no longer written or read but stay reserved, so an old stored row is
 * never taken for a new figure: 2 was the day's sessions (sessions now count on their start
 * day and are summed instead).
 */
export const RETIRED_SET_KINDS = [2] as const;
export type SetKind = (typeof SET_KIND)[keyof typeof SET_KIND];

/** Which numbering a kind's members use: sessions have their own, every other kind is visitors. */
export const NUMBERING = { visitor: 1, session: 2 } as const;

/** The scope of project-wide sets (visitors, sessions, viewers). */
export const PROJECT_SCOPE = '';

/** Separates video and slot ids in a slot scope; ids cannot contain control characters. */
const UNIT_SEPARATOR = '\u001f';

export function videoScope(videoId: string): string {
  return `v:${videoId}`;
}

export function slotScope(videoId: string, slotId: string): string {
  return `s:${videoId}${UNIT_SEPARATOR}${slotId}`;
}

/** The same two scopes as SQL expressions over columns named video_id and slot_id. */
export const VIDEO_SCOPE_SQL = `'v:' || video_id`;
export const SLOT_SCOPE_SQL = `'s:' || video_id || chr(31) || slot_id`;
