import { expect } from 'chai';
import { validateEvent } from '../../../../shared/events/validate.js';
import { mapSegmentMessage, type MappedMessage } from '../../../../api/segment/mapMessage.js';

/** Shared by the mapping tests: one project, one receipt time, and the checks every mapped event must pass. */
export const PROJECT = '0b6a7c1e-3d2f-4e5a-9b8c-7d6e5f4a3b2c';
export const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);
export const MESSAGE_ID = 'node-next-1700000000000-6b1f0c1e-1111-4222-8333-444455556666';
/** UUIDv5(MESSAGE_ID, PROJECT), computed with Python's uuid.uuid5. */
export const EVENT_ID = '78f28609-3d4a-5d72-add6-69d2ffbd9acb';
export const ANONYMOUS_ID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
export const VISITOR_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SESSION_STAND_IN = '11111111-2222-4333-8444-555555555555';

/** A message with everything a mapping needs; `fields` add to or replace its members. */
export function message(fields: Record<string, unknown>): Record<string, unknown> {
  return { messageId: MESSAGE_ID, anonymousId: ANONYMOUS_ID, timestamp: '2026-11-23T11:59:00.000Z', ...fields };
}

/** Maps a message that must be accepted, and checks the contract accepts its event once a session is added. */
export function mapped(raw: unknown, routeType?: string): MappedMessage {
  const verdict = mapSegmentMessage(raw, routeType, { projectId: PROJECT, slotProperty: 'slot_id', receivedAt: RECEIVED_AT });
  if (!verdict.ok) throw new Error(`expected a mapping, got ${verdict.field} ${verdict.reason}`);
  expect(acceptedByContract(verdict.mapped)).to.equal(true);
  return verdict.mapped;
}

export function refused(raw: unknown, routeType?: string, maxEventBytes?: number): { field: string; reason: string } {
  const verdict = mapSegmentMessage(raw, routeType, { projectId: PROJECT, slotProperty: 'slot_id', receivedAt: RECEIVED_AT, maxEventBytes });
  if (verdict.ok) throw new Error(`expected a refusal, got ${JSON.stringify(verdict.mapped.event)}`);
  return { field: verdict.field, reason: verdict.reason };
}

/**
 * What the transport does with a mapped event: the session split fills a missing session, then
 * validateEvent. The clock window is the transport's (it knows retention), so it is wide open here.
 */
export function acceptedByContract(m: MappedMessage): boolean {
  const event = { sessionId: SESSION_STAND_IN, ...m.event };
  const verdict = validateEvent(event, { receivedAt: Date.UTC(9999, 11, 31), sentAt: undefined, maxEventBytes: 32 * 1024, maxEventAgeMs: Infinity });
  return verdict.ok;
}
