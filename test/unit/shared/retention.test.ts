import { expect } from 'chai';
import { formatReport, parseAsOf } from '../../../cli/commands/retention.js';
import { projectMaxAgeMs } from '../../../shared/events/time.js';
import { factHorizons } from '../../../shared/retention/expireFacts.js';
import { expiredPartitions, monthOf, type EventPartition } from '../../../shared/retention/partitions.js';
import type { RetentionReport } from '../../../shared/retention/report.js';

const DAY = 86_400_000;
const part = (name: string): EventPartition => ({ name, ...monthOf(name)!, attached: true, detachPending: false });

describe('retention: pure parts', () => {
  it('when a partition name is read then its bounds are the UTC month, and other names are no partition', () => {
    expect(monthOf('events_2026_12')).to.deep.equal({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(monthOf('events_2026_13')).to.equal(undefined);
    expect(monthOf('events_default')).to.equal(undefined);
  });

  it('when the earliest cutoff is inside a month then only the months ending by it expire', () => {
    const parts = ['events_2026_08', 'events_2026_09', 'events_2026_10'].map(part);
    expect(expiredPartitions(parts, new Date('2026-10-01T00:00:00Z')).map((p) => p.name)).to.deep.equal(['events_2026_08', 'events_2026_09']);
    expect(expiredPartitions(parts, new Date('2026-09-30T23:59:59Z')).map((p) => p.name)).to.deep.equal(['events_2026_08']);
    expect(expiredPartitions(parts, undefined)).to.deep.equal([]);
  });

  it('when facts expire then plays outlive the cutoff by the window and sessions by two days', () => {
    const cutoff = new Date('2026-10-01T15:00:00Z');
    expect(factHorizons(cutoff, 30)).to.deep.equal({ plays: new Date('2026-09-01T15:00:00Z'), sessions: new Date('2026-09-29T15:00:00Z') });
  });

  it('when a project has a retention and a first complete day then the tightest limit decides the max age', () => {
    const now = Date.parse('2026-12-06T00:00:00Z');
    expect(projectMaxAgeMs(90 * DAY, {}, now)).to.equal(90 * DAY);
    expect(projectMaxAgeMs(90 * DAY, { retentionDays: 31 }, now)).to.equal(31 * DAY);
    expect(projectMaxAgeMs(90 * DAY, { retentionDays: 120, rawKeptFrom: now - 10 * DAY }, now)).to.equal(10 * DAY);
  });

  it('when --as-of is a day, an instant or neither then it is read or refused', () => {
    expect(parseAsOf('2027-03-01').toISOString()).to.equal('2027-03-01T12:00:00.000Z');
    expect(parseAsOf('2027-03-01T03:00:00+09:00').toISOString()).to.equal('2027-02-28T18:00:00.000Z');
    expect(() => parseAsOf('next week')).to.throw('--as-of must be a day YYYY-MM-DD or an ISO instant: next week');
    expect(() => parseAsOf('2027-02-30')).to.throw(/--as-of/);
  });

  it('when a report is printed then each project and dropped partition is a row', () => {
    const report: RetentionReport = {
      asOf: '2027-03-01T12:00:00.000Z',
      dryRun: true,
      projectId: null,
      startedAt: '2027-03-01T12:00:00.000Z',
      durationMs: 12,
      projects: [{ projectId: 'p1', retentionDays: 90, cutoff: '2026-12-01T00:00:00.000Z', events: 5, eventIds: 5, plays: 1, playMilestones: 2, sessions: 3, formSubmissions: 6, formStarts: 8, videoStates: 9, durationMs: 4 }],
      partitions: [{ name: 'events_2026_11', events: 4, eventIds: 4, perProject: [], forgetMs: 1, dropMs: 0 }],
      deadLetters: 7,
      rowsDeleted: 23,
    };
    const text = formatReport(report);
    expect(text).to.contain('dry run: nothing deleted');
    expect(text).to.match(/^p1\s+90\s+2026-12-01T00:00:00.000Z\s+5\s+5\s+1\s+2\s+3\s+6\s+8\s+9\s+4$/m);
    expect(text).to.match(/^events_2026_11\s+4\s+4\s+1\s+0$/m);
    expect(text).to.contain('dead letters to delete: 7');
  });
});
