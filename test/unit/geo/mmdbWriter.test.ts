import { expect } from 'chai';
import { Reader, type Response } from 'maxmind';
import { buildMmdb, uint } from '../../helpers/mmdb.js';

describe('test .mmdb writer, read back with maxmind', () => {
  const db = buildMmdb(
    [
      { cidr: '1.2.0.0/16', record: { name: 'wide', n: uint(7) } },
      // More specific inside the wider one: it wins for its /24, the rest of the /16 keeps "wide".
      { cidr: '1.2.3.0/24', record: { name: 'narrow', big: uint(70_000), huge: uint(2n ** 40n), x: -1.25, list: ['a', 'b'], on: true } },
      { cidr: '2a00:1450::/32', record: { name: 'six', nested: { deep: { value: 'é ✓ 大' } } } },
      { cidr: '9.9.9.9/32', record: { name: 'x'.repeat(300) } },
    ],
    { databaseType: 'Writer-Test', languages: ['en', 'de'] },
  );
  const reader = new Reader<Response>(db);

  it('when the metadata is read then it names an IPv6 tree of 24-bit records with the given type', () => {
    expect(reader.metadata).to.include({ binaryFormatMajorVersion: 2, binaryFormatMinorVersion: 0, ipVersion: 6, recordSize: 24, databaseType: 'Writer-Test' });
    expect(reader.metadata.languages).to.deep.equal(['en', 'de']);
  });

  it('when IPv4 addresses are looked up then the most specific network answers, with every type intact', () => {
    // The reader hands 64-bit integers back as bigints.
    expect(reader.get('1.2.3.4')).to.deep.equal({ name: 'narrow', big: 70_000, huge: 2n ** 40n, x: -1.25, list: ['a', 'b'], on: true });
    expect(reader.getWithPrefixLength('1.2.3.4')[1]).to.equal(24);
    expect(reader.get('1.2.200.1')).to.deep.equal({ name: 'wide', n: 7 });
    // The /24 splits the /16 into /17 … /24 halves, as MaxMind's own writer does.
    expect(reader.getWithPrefixLength('1.2.200.1')[1]).to.equal(17);
    expect(reader.get('1.3.0.1')).to.equal(null);
    expect(reader.get('9.9.9.9')).to.deep.equal({ name: 'x'.repeat(300) });
    expect(reader.get('9.9.9.8')).to.equal(null);
  });

  it('when IPv6 addresses are looked up then their network answers, and IPv4 ones live at ::/96', () => {
    expect(reader.get('2a00:1450:4001::1')).to.deep.equal({ name: 'six', nested: { deep: { value: 'é ✓ 大' } } });
    expect(reader.get('2a01::1')).to.equal(null);
    expect(reader.get('::1.2.3.4')).to.deep.include({ name: 'narrow' });
  });
});
