import { expect } from 'chai';
import { holdoutBucket } from '../../../shared/holdout/bucket.js';
import { PINNED_BUCKETS } from '../../helpers/holdoutBuckets.js';

describe('holdout bucket', () => {
  it('when the input is a published FNV-1a test vector then the bucket is its hash mod 100', () => {
    // FNV-1a-32("a") = 0xe40c292c, FNV-1a-32("foobar") = 0xbf9cf968.
    expect(holdoutBucket('', 'a')).to.equal(0xe40c292c % 100);
    expect(holdoutBucket('foo', 'bar')).to.equal(0xbf9cf968 % 100);
  });

  for (const [salt, visitorId, bucket] of PINNED_BUCKETS) {
    it(`when visitor ${visitorId} is bucketed with salt ${salt} then the bucket is ${bucket}`, () => {
      expect(holdoutBucket(salt, visitorId)).to.equal(bucket);
    });
  }

  it('when the visitor id is in capitals then it buckets as PostgreSQL prints it, lowercase', () => {
    expect(holdoutBucket('0123456789abcdef', '6F1C2B3A-9D4E-4F5A-8B6C-7D8E9F0A1B2C')).to.equal(44);
  });

  it('when another salt is used then the same visitor may land elsewhere: projects hold out different visitors', () => {
    const visitors = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const moved = visitors.filter((v) => holdoutBucket('0123456789abcdef', v) !== holdoutBucket('fedcba9876543210', v));
    expect(moved.length).to.be.greaterThan(40);
  });

  it('when 10,000 visitors are bucketed then every bucket holds about 1 %', () => {
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 10_000; i++) counts[holdoutBucket('a1b2c3d4e5f60718', `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`)]! += 1;
    expect(Math.min(...counts)).to.be.greaterThan(60);
    expect(Math.max(...counts)).to.be.lessThan(140);
  });
});
