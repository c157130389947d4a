import { expect } from 'chai';
import { REJECTION_REASONS, rejectionReason } from '../../../api/metrics/rejectionReasons.js';
import { carriesToken } from '../../../api/metrics/token.js';
import { bucketField, ROLLUP_DURATION_BUCKETS } from '../../../shared/telemetry/rollupDurations.js';

describe('metrics labels and tokens', () => {
  it('when rejections are worded for the client then each maps to one fixed reason label', () => {
    const cases: [string, string, string][] = [
      ['ts', 'ts_too_old', 'ts_too_old'],
      ['ts', 'ts_future', 'ts_future'],
      ['visitorId', 'erased_visitor', 'erased_visitor'],
      ['', 'event is 40000 bytes; the limit is 32768', 'too_large'],
      ['', 'message is 40000 bytes; the limit is 32768 bytes per message', 'too_large'],
      ['', 'event is nested too deeply', 'too_deep'],
      ['', 'event must be a JSON object', 'not_an_object'],
      ['type', 'is not a known event type', 'unknown_type'],
      ['visitorId', 'is required', 'missing_field'],
      ['props.whatever-the-client-chose', 'is not a known field', 'unknown_field'],
      ['url', 'must be an absolute http(s) URL of at most 2048 characters', 'invalid_value'],
    ];
    for (const [field, reason, label] of cases) expect(rejectionReason({ field, reason }), reason).to.equal(label);
    expect(new Set(cases.map(([field, reason]) => rejectionReason({ field, reason })))).to.have.length(REJECTION_REASONS.length);
  });

  it('when a duration falls on or between bounds then it lands in the first bucket that holds it', () => {
    expect(bucketField(0.05)).to.equal('le:0.05');
    expect(bucketField(0.051)).to.equal('le:0.1');
    expect(bucketField(ROLLUP_DURATION_BUCKETS[ROLLUP_DURATION_BUCKETS.length - 1]! + 1)).to.equal('le:+Inf');
  });

  it('when the Authorization header is compared then only "Bearer <the token>" passes', () => {
    const token = 'a'.repeat(24);
    expect(carriesToken(`Bearer ${token}`, token)).to.equal(true);
    expect(carriesToken(`bearer ${token}`, token)).to.equal(true);
    expect(carriesToken(`Bearer ${token}x`, token)).to.equal(false);
    expect(carriesToken(token, token)).to.equal(false);
    expect(carriesToken(undefined, token)).to.equal(false);
    expect(carriesToken('Bearer ', token)).to.equal(false);
  });
});
