import { expect } from 'chai';
import { addDays } from '../../../../shared/days.js';
import { sessionDayMarks } from '../../../../worker/persist/sessionMarks.js';

const P = '0b9f3c1e-54a2-4d6e-9a43-6f1f4f5f2a10';
const days = (marks: { day: string }[]) => marks.map((m) => m.day);

describe('persist: sessionDayMarks', () => {
  it('when a day is moved across a month and a year end then the calendar is followed', () => {
    expect(addDays('2026-03-01', -2)).to.equal('2026-02-27');
    expect(addDays('2025-12-31', 1)).to.equal('2026-01-01');
  });

  it('when a new session has no page event then only its start day is marked', () => {
    const marks = sessionDayMarks({ projectId: P, timezone: 'Asia/Tokyo', startedAt: new Date('2026-02-28T15:30:00Z'), oldStartedAt: null, pageDays: [] });
    expect(marks).to.deep.equal([{ projectId: P, day: '2026-03-01' }]);
  });

  it('when a session moved earlier then the old and the new start day are marked', () => {
    const marks = sessionDayMarks({
      projectId: P,
      timezone: 'UTC',
      startedAt: new Date('2026-02-28T23:50:00Z'),
      oldStartedAt: new Date('2026-03-01T00:10:00Z'),
      pageDays: [],
    });
    expect(days(marks)).to.deep.equal(['2026-02-28', '2026-03-01']);
  });

  it('when a page event lands days after the start then the days between are marked, at most two back', () => {
    const base = { projectId: P, timezone: 'UTC', oldStartedAt: null };
    expect(days(sessionDayMarks({ ...base, startedAt: new Date('2026-02-27T23:00:00Z'), pageDays: ['2026-03-01'] }))).to.deep.equal([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(days(sessionDayMarks({ ...base, startedAt: new Date('2026-02-20T23:00:00Z'), pageDays: ['2026-03-01'] }))).to.deep.equal([
      '2026-02-20',
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });
});
