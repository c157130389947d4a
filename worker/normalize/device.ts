import { ToDeadLetter } from './toDeadLetter.js';
import type { DeviceClass, ScreenClass } from './types.js';
import type { AgentInfo } from './userAgent.js';

export interface DeviceColumns {
  device: DeviceClass | null;
  language: string | null;
  screen_class: ScreenClass | null;
}

/** Operating system names ua-parser-js gives a Mac. */
const MAC_OS: ReadonlySet<string> = new Set(['Mac OS', 'macOS']);
/** A primary language subtag (BCP 47): 2–3 letters, or 5–8 for registered ones. */
const PRIMARY_SUBTAG = /^[a-z]{2,8}$/;

/** Width classes of the CSS-pixel screen width, the common breakpoints of responsive sites. */
export function screenClass(width: number): ScreenClass {
  if (width < 576) return 'mobile';
  if (width < 992) return 'tablet';
  if (width < 1440) return 'laptop';
  return 'desktop';
}

/** `pt-BR` → `pt`; null for anything that is not a language tag. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string') return null;
  const primary = tag.split('-')[0]?.toLowerCase() ?? '';
  return PRIMARY_SUBTAG.test(primary) ? primary : null;
}

function hint(raw: Readonly<Record<string, unknown>>, field: string): number | null | ToDeadLetter {
  const value = raw[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return new ToDeadLetter('malformed', field);
  return value;
}

/**
 * The device columns from the user agent and the event's own hints. iPadOS Safari sends a
 * Mac user agent (to get desktop sites), so a "Mac" that reports more than one touch point is
 * an iPad: a tablet. The event's language hint (the browser's own setting) wins over the
 * request's Accept-Language, which a proxy may have rewritten.
 */
export function deviceColumns(raw: Readonly<Record<string, unknown>>, agent: AgentInfo, jobLanguage: string | null | undefined): DeviceColumns | ToDeadLetter {
  const width = hint(raw, 'screenWidth');
  if (width instanceof ToDeadLetter) return width;
  const touch = hint(raw, 'touchPoints');
  if (touch instanceof ToDeadLetter) return touch;
  const height = hint(raw, 'screenHeight');
  if (height instanceof ToDeadLetter) return height;
  const language = raw.language;
  if (language !== undefined && language !== null && typeof language !== 'string') return new ToDeadLetter('malformed', 'language');
  const ipad = agent.os !== null && MAC_OS.has(agent.os) && touch !== null && touch > 1;
  return {
    device: ipad ? 'tablet' : agent.device,
    language: primaryLanguage(language) ?? primaryLanguage(jobLanguage),
    screen_class: width === null ? null : screenClass(width),
  };
}
