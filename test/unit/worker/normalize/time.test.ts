import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { correctEventTime } from '../../../../worker/normalize/time.js';

const RECEIVED = Date.parse('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const MAX_AGE = 90 * DAY;

describe('normalize: time', () => {
  it('when sentAt is absent then the corrected time is ts', () => {
    expect(correctEventTime(RECEIVED - 5000, { receivedAt: RECEIVED, sentAt: null }, MAX_AGE)).to.deep.equal({
      occurredAt: RECEIVED - 5000,
      clientTs: RECEIVED - 5000,
    });
  });

  it('when the client clock runs 2 minutes slow then ts is shifted by receivedAt - sentAt', () => {
    const skew = -120_000;
    const sentAt = RECEIVED + skew;
    const ts = sentAt - 10_000; // ten seconds before sending, by the client's clock
    const t = correctEventTime(ts, { receivedAt: RECEIVED, sentAt }, MAX_AGE);
    expect(t).to.deep.equal({ occurredAt: RECEIVED - 10_000, clientTs: ts });
  });

  it('when the client clock runs fast then the correction moves the event back', () => {
    const sentAt = RECEIVED + 3 * 3_600_000;
    const t = correctEventTime(sentAt - 1000, { receivedAt: RECEIVED, sentAt }, MAX_AGE);
    expect(t).to.deep.equal({ occurredAt: RECEIVED - 1000, clientTs: sentAt - 1000 });
  });

  it('when ts is an ISO string with an offset then it is read as that instant', () => {
    const t = correctEventTime('2026-03-01T20:59:00+09:00', { receivedAt: RECEIVED, sentAt: null }, MAX_AGE);
    expect(t).to.deep.equal({ occurredAt: Date.parse('2026-03-01T11:59:00Z'), clientTs: Date.parse('2026-03-01T11:59:00Z') });
  });

  it('when the corrected time is up to 1 h ahead of receivedAt then it is clamped to receivedAt', () => {
    const t = correctEventTime(RECEIVED + 59 * 60_000, { receivedAt: RECEIVED, sentAt: null }, MAX_AGE);
    expect(t).to.deep.equal({ occurredAt: RECEIVED, clientTs: RECEIVED + 59 * 60_000 });
  });

  it('when the corrected time is more than 1 h ahead then it goes to dead letters as ts_future', () => {
    expect(correctEventTime(RECEIVED + 61 * 60_000, { receivedAt: RECEIVED, sentAt: null }, MAX_AGE)).to.deep.equal(
      new ToDeadLetter('ts_future', 'ts'),
    );
  });

  it('when the corrected time is older than the max age then it goes to dead letters as ts_too_old', () => {
    expect(correctEventTime(RECEIVED - MAX_AGE - 1, { receivedAt: RECEIVED, sentAt: null }, MAX_AGE)).to.deep.equal(
      new ToDeadLetter('ts_too_old', 'ts'),
    );
  });

  it('when ts is not a date then it goes to dead letters as malformed', () => {
    expect(correctEventTime('yesterday', { receivedAt: RECEIVED, sentAt: null }, MAX_AGE)).to.deep.equal(new ToDeadLetter('malformed', 'ts'));
  });
});
