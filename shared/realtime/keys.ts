/**
 * Where the realtime figures live in Redis: the worker writes them (worker/realtime/), the web
 * process reads them (api/stats/realtime/). Every key of one project sits under one hash tag,
 * `{<projectId>}`, so on Redis Cluster they share a slot and one script may touch them all.
 *
 * Per project and UTC minute (the minute of an event's corrected time):
 *   v  set   visitor ids            (16-byte UUIDs)
 *   s  set   session ids            (16-byte UUIDs)
 *   pv set   page_view event ids    (16-byte UUIDs)
 *   op set   widget_open event ids  (16-byte UUIDs)
 *   pl set   play ids of video_play (16-byte UUIDs)
 *   pg zset  page key → page views   (gated by pv: a member counts once)
 *   vd zset  video id → plays        (gated by pl)
 *   cap      string "1" when a set of the minute was full and a member was left out
 * Each key expires on its own, EXPIRE_AFTER_MINUTES after its minute began.
 *
 * One key for all projects, `<prefix>:rt:paused`: present while (and a window after) the worker
 * skipped realtime writes because Redis was past its share of memory (worker/realtime/memoryGate.ts).
 */

/** Minutes the answer covers: per-minute figures, top lists and the longer "active" span. */
export const WINDOW_MINUTES = 30;
/** The shorter "active now" span, in minutes, ending with the current minute. */
export const SHORT_WINDOW_MINUTES = 5;
/** A minute's keys outlive the window by a few minutes so a read never races an expiry. */
export const EXPIRE_AFTER_MINUTES = WINDOW_MINUTES + 5;
/** Per-minute kinds, in the order the scripts take their keys. */
export const MINUTE_KINDS = ['v', 's', 'pv', 'op', 'pl', 'pg', 'vd', 'cap'] as const;
export type MinuteKind = (typeof MINUTE_KINDS)[number];
/** Pages or videos past a minute's cap are counted under this name, which no page key or video id can be. */
export const OTHER_MEMBER = '(other)';

export const MINUTE_MS = 60_000;

/** The UTC minute number (minutes since the epoch) of an instant. */
export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS);
}

/** `<prefix>:rt:{<projectId>}`: the part every key of the project starts with. */
export function projectTag(prefix: string, projectId: string): string {
  return `${prefix}:rt:{${projectId.toLowerCase()}}`;
}

/** The key of one kind of one minute. */
export function minuteKey(prefix: string, projectId: string, kind: MinuteKind, minute: number): string {
  return `${projectTag(prefix, projectId)}:${kind}:${minute}`;
}

/** Every key of one minute, in MINUTE_KINDS order. */
export function minuteKeys(prefix: string, projectId: string, minute: number): string[] {
  return MINUTE_KINDS.map((kind) => minuteKey(prefix, projectId, kind, minute));
}

/** When a minute's keys expire, in epoch seconds (for EXPIREAT). */
export function expiresAtSeconds(minute: number): number {
  return (minute + EXPIRE_AFTER_MINUTES) * 60;
}

/**
 * How long the pause mark says "paused" after the worker last found Redis too full; it then
 * stays a further window, since the minutes of the pause lack events until they leave it.
 */
export const PAUSE_FRESH_MS = 60_000;
export const PAUSE_MARK_MS = WINDOW_MINUTES * MINUTE_MS + PAUSE_FRESH_MS;

/** The pause mark. Not under a project's hash tag: it is read with its own command. */
export function pausedKey(prefix: string): string {
  return `${prefix}:rt:paused`;
}
