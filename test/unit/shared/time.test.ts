import { expect } from 'chai';
import { correctTime, toEpochMs } from '../../../shared/events/time.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const DAY = 86_400_000;
const MAX_AGE = 90 * DAY;

describe('correctTime', () => {
  it('when sentAt is given then the client clock offset is removed', () => {
    // Client clock 5 minutes fast: sent at 12:05 client time, received at 12:00.
    const verdict = correctTime(NOW + 5 * 60_000 - 30_000, NOW + 5 * 60_000, NOW, MAX_AGE);
    expect(verdict).to.deep.equal({ ok: true, correctedAt: NOW - 30_000, clamped: false });
  });

  it('when sentAt is absent then ts is taken as is', () => {
    expect(correctTime(NOW - 1000, undefined, NOW, MAX_AGE)).to.deep.equal({ ok: true, correctedAt: NOW - 1000, clamped: false });
  });

  it('when the corrected time is up to an hour ahead then it is clamped to receivedAt', () => {
    expect(correctTime(NOW + 59 * 60_000, undefined, NOW, MAX_AGE)).to.deep.equal({ ok: true, correctedAt: NOW, clamped: true });
  });

  it('when the corrected time is more than an hour ahead then it is rejected as ts_future', () => {
    expect(correctTime(NOW + 61 * 60_000, undefined, NOW, MAX_AGE)).to.deep.equal({ ok: false, reason: 'ts_future' });
  });

  it('when the corrected time is older than the maximum age then it is rejected as ts_too_old', () => {
    expect(correctTime(NOW - MAX_AGE - 1, undefined, NOW, MAX_AGE)).to.deep.equal({ ok: false, reason: 'ts_too_old' });
    expect(correctTime(NOW - MAX_AGE, undefined, NOW, MAX_AGE).ok).to.equal(true);
  });

  it('when ts is an ISO string with an offset then it converts to the same instant', () => {
    expect(toEpochMs('2026-11-23T21:00:00+09:00')).to.equal(NOW);
    expect(toEpochMs(NOW)).to.equal(NOW);
  });
});
