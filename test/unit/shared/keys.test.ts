import { expect } from 'chai';
import { generateKey, hashKey, keyMatches, keyPrefix } from '../../../shared/keys.js';

describe('keys', () => {
  it('when a key is generated then only its prefix is visible and its hash verifies it', () => {
    const k = generateKey('write');
    expect(k.key).to.match(/^cpw_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(k.prefix).to.equal(keyPrefix(k.key)).and.to.have.length(12);
    expect(k.hash).to.equal(hashKey(k.key)).and.to.match(/^[0-9a-f]{64}$/);
    expect(keyMatches(k.key, k.hash)).to.equal(true);
    expect(keyMatches(`${k.key}x`, k.hash)).to.equal(false);
  });

  it('when keys of each kind are generated then the kind is recognisable from the key', () => {
    expect(generateKey('read').key).to.match(/^cpr_/);
    expect(generateKey('admin').key).to.match(/^cpa_/);
    expect(generateKey('server').key).to.match(/^cps_/);
  });

  it('when two keys are generated then they differ', () => {
    expect(generateKey('write').key).not.to.equal(generateKey('write').key);
  });
});
