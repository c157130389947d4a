import { addDays, daysBetween } from '../../shared/days.js';
import { localDay } from '../../shared/timezone.js';
import type { DayMark } from './facts.js';

/**
 * How many days before a page event's own day a page view of the same session may sit whose
 * time on page the event changes. A session ends after 30 minutes without events and a page
 * view's time on page is capped at 24 hours, so an earlier page view is at most a day or two
 * back; going further would only cost marks.
 */
export const TIME_ON_PAGE_DAYS_BACK = 2;

export interface SessionChange {
  projectId: string;
  timezone: string;
  /** started_at after the write. */
  startedAt: Date;
  /** started_at before the write; null for a session this write created. */
  oldStartedAt: Date | null;
  /** Local days of the page views and page exits this write added to the session. */
  pageDays: readonly string[];
}

/**
 * The days a write to one session changes (docs/architecture.md, "Sessions"): the day the
 * session starts on now (its figures changed); the day it started on before, when it moved
 * earlier (that day loses it); and for each new page event, the days from the session's start
 * day (at most TIME_ON_PAGE_DAYS_BACK before the event's day) to the event's day, whose page
 * views may have a new time on page. At most 3 marks per page day plus 2, so a batch's marks stay
 * proportional to its events.
 */
export function sessionDayMarks(c: SessionChange): DayMark[] {
  const startDay = localDay(c.startedAt.getTime(), c.timezone);
  const days = new Set<string>([startDay]);
  if (c.oldStartedAt !== null && c.oldStartedAt.getTime() !== c.startedAt.getTime()) {
    days.add(localDay(c.oldStartedAt.getTime(), c.timezone));
  }
  for (const day of c.pageDays) {
    const from = addDays(day, -TIME_ON_PAGE_DAYS_BACK);
    for (const d of daysBetween(from > startDay ? from : startDay, day)) days.add(d);
  }
  return [...days].sort().map((day) => ({ projectId: c.projectId, day }));
}
