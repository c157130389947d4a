import { expect } from 'chai';
import { addDays, daysBetween, isDay } from '../../../shared/days.js';
import { minuteTick, parseRollupJobData, rollupJobId } from '../../../shared/queue/rollupJob.js';

describe('rollup days and jobs', () => {
  it('when a string is checked then only real calendar days in YYYY-MM-DD pass', () => {
    for (const d of ['2026-03-08', '2024-02-29', '2026-12-31']) expect(isDay(d), d).to.equal(true);
    for (const d of ['2026-02-29', '2026-13-01', '2026-3-8', '20260308', '2026-03-08T00:00:00Z', '']) expect(isDay(d), d).to.equal(false);
  });

  it('when days are added or listed then calendar arithmetic holds across month, year and DST boundaries', () => {
    expect(addDays('2026-02-28', 1)).to.equal('2026-03-01');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2026-03-08', -8)).to.equal('2026-02-28');
    expect(daysBetween('2026-03-07', '2026-03-09')).to.deep.equal(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(daysBetween('2026-10-31', '2026-11-02')).to.deep.equal(['2026-10-31', '2026-11-01', '2026-11-02']);
    expect(daysBetween('2026-03-09', '2026-03-09')).to.deep.equal(['2026-03-09']);
    expect(daysBetween('2026-03-09', '2026-03-08')).to.deep.equal([]);
    expect(() => daysBetween('2026-03-09', 'x')).to.throw(RangeError);
  });

  it('when a rollup job id is made then it is (project, day, minute tick) and equal for every clock in that minute', () => {
    expect(minuteTick(Date.parse('2026-11-23T10:00:00Z'))).to.equal(minuteTick(Date.parse('2026-11-23T10:00:59.999Z')));
    expect(minuteTick(Date.parse('2026-11-23T10:01:00Z'))).to.equal(minuteTick(Date.parse('2026-11-23T10:00:00Z')) + 1);
    expect(rollupJobId('p', '2026-03-08', 42)).to.equal('p:2026-03-08:42');
  });

  it('when rollup job data is parsed then a valid job passes and anything else is refused with the field', () => {
    const ok = { v: 1, projectId: '0f8fad5b-d9cb-469f-a165-70867728950e', day: '2026-03-08' };
    expect(parseRollupJobData(ok)).to.deep.equal(ok);
    expect(() => parseRollupJobData({ ...ok, v: 2 })).to.throw(/v:/);
    expect(() => parseRollupJobData({ ...ok, day: '2026-02-30' })).to.throw(/day:/);
    expect(() => parseRollupJobData({ ...ok, projectId: 'x' })).to.throw(/projectId:/);
    expect(() => parseRollupJobData(null)).to.throw(/invalid rollup job/);
  });
});
