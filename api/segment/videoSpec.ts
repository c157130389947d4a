/**
 * Segment's Video Spec (`Video Playback Started`, `Video Content Playing`, …): which track
 * messages are player signals, and the `video_state` event each becomes. Placeholder until the
 * video_state event type lands: nothing is recognised yet, so every track message is stored as
 * a custom event.
 */

/** What every mapped message already has; `sessionId` is filled by the server's session split when the message names none. */
export interface CommonFields {
  id: string;
  ts: number;
  visitorId: string;
  sessionId?: string;
}

export interface VideoSpecOptions {
  projectId: string;
  /** The property naming the widget slot (a project setting, `slot_id` by default). */
  slotProperty: string;
}

/**
 * The `video_state` ingest event for a Video Spec track message, or undefined when `name` is not
 * one (or the message cannot be tied to a play): the caller stores it as a custom event then.
 */
export function videoSpecEvent(
  _name: string,
  _properties: Readonly<Record<string, unknown>>,
  _common: CommonFields,
  _options: VideoSpecOptions,
): Record<string, unknown> | undefined {
  return undefined;
}
