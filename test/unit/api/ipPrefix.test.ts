import { expect } from 'chai';
import { truncateIp } from '../../../api/ingest/ipPrefix.js';

describe('IP truncation', () => {
  const cases: [string | undefined, string | null][] = [
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:192.0.2.9', '192.0.2.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:0db8:0000:0012:0000:0000:0000:0001', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0::/48'],
    ['2001:db8::', '2001:db8:0::/48'],
    ['not an ip', null],
    [undefined, null],
  ];
  for (const [input, expected] of cases) {
    it(`when the address is ${String(input)} then the prefix is ${String(expected)}`, () => {
      expect(truncateIp(input)).to.equal(expected);
    });
  }
});
