import { randomUUID } from 'node:crypto';
import type { RealtimeRow } from '../../worker/realtime/plan.js';

/** A stored event as the recorder sees it: a fresh visitor, session and event id unless given. */
export function rtRow(projectId: string, type: string, at: number, fields: Partial<RealtimeRow> = {}): RealtimeRow {
  return {
    project_id: projectId,
    event_id: randomUUID(),
    type,
    occurred_at: new Date(at),
    visitor_id: randomUUID(),
    session_id: randomUUID(),
    play_id: null,
    video_id: null,
    page_key: null,
    is_bot: false,
    ...fields,
  };
}
