import { expect } from 'chai';
import { bucket, parseSettings } from '../../../tracker/src/core/holdout.js';

describe('tracker: holdout bucket and settings', () => {
  it('when the pinned visitors are bucketed then the tracker agrees with the server (shared/holdout/bucket.ts)', () => {
    // The same values as test/helpers/holdoutBuckets.ts, written out: FNV-1a-32 mod 100.
    expect(bucket('0123456789abcdef', '00000000-0000-4000-8000-000000000000')).to.equal(77);
    expect(bucket('0123456789abcdef', '6f1c2b3a-9d4e-4f5a-8b6c-7d8e9f0a1b2c')).to.equal(44);
    expect(bucket('0123456789abcdef', 'ffffffff-ffff-4fff-bfff-ffffffffffff')).to.equal(75);
    expect(bucket('0123456789abcdef', '00000000-0000-4000-8000-000000000004')).to.equal(1);
    expect(bucket('0123456789abcdef', '00000000-0000-4000-8000-000000000021')).to.equal(0);
  });

  it('when the input is a published FNV-1a test vector then the bucket is its hash mod 100', () => {
    expect(bucket('foo', 'bar')).to.equal(0xbf9cf968 % 100);
  });

  it('when the stored settings are the server answer then they are used, and anything else is refused', () => {
    expect(parseSettings('{"holdoutPercent":20,"holdoutSalt":"ab"}')).to.deep.equal({ holdoutPercent: 20, holdoutSalt: 'ab' });
    expect(parseSettings(null)).to.equal(undefined);
    expect(parseSettings('')).to.equal(undefined);
    expect(parseSettings('{not json')).to.equal(undefined);
    expect(parseSettings('null')).to.equal(undefined);
    // A 404's body is not settings: the tracker treats it as no holdout.
    expect(parseSettings('{"error":{"code":"invalid_key","message":"no settings"}}')).to.equal(undefined);
  });
});
