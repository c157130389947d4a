import { deviceHints } from '../../shared/events/contractParts.js';
import { isObject, objectAt, type JsonObject } from './messageFields.js';

/**
 * What a Segment message's `context` says about the end user's device and address. The user
 * agent and IP go to the transport, which treats them as it treats a tracker request's own
 * (the IP is resolved to a country and dropped); the rest become the event's device hints.
 * A hint that is out of range is left out, never a reason to refuse the message.
 */
export interface MessageDevice {
  userAgent?: string;
  ip?: string;
  locale?: string;
  /** Device hints of the ingest contract (`language`, `screenWidth`, `screenHeight`). */
  hints: Record<string, string | number>;
  /** The Segment field of each hint, for naming it in a refusal. */
  origins: Record<string, string>;
}

export function messageDevice(message: JsonObject): MessageDevice {
  const context = objectAt(message, 'context');
  const device: MessageDevice = { hints: {}, origins: {} };
  if (typeof context.userAgent === 'string') device.userAgent = context.userAgent;
  if (typeof context.ip === 'string') device.ip = context.ip;
  if (typeof context.locale === 'string') {
    device.locale = context.locale;
    // Some platforms write `en_US`; the contract's language tag is BCP 47 (`en-US`).
    hint(device, 'language', context.locale.replaceAll('_', '-'), 'context.locale');
  }
  const screen = context.screen;
  if (isObject(screen)) {
    hint(device, 'screenWidth', screen.width, 'context.screen.width');
    hint(device, 'screenHeight', screen.height, 'context.screen.height');
  }
  return device;
}

/** Keeps `value` as the hint `name` when the contract accepts it there. */
function hint(device: MessageDevice, name: 'language' | 'screenWidth' | 'screenHeight', value: unknown, origin: string): void {
  const parsed = deviceHints[name].safeParse(value);
  if (!parsed.success || parsed.data === undefined) return;
  device.hints[name] = parsed.data;
  device.origins[name] = origin;
}
