import { expect } from 'chai';
import { dummyHash, hashPassword, verifyPassword } from '../../../api/auth/passwords.js';
import { hasRole, requireRole } from '../../../api/auth/roles.js';
import { HttpError } from '../../../api/http/errors.js';

describe('passwords', () => {
  it('when a password is hashed then the string names scrypt and its parameters, salts each hash, and verifies only the same password', async () => {
    const one = await hashPassword('correct horse battery');
    const two = await hashPassword('correct horse battery');
    expect(one).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(one).to.not.equal(two);
    expect(await verifyPassword('correct horse battery', one)).to.equal(true);
    expect(await verifyPassword('correct horse batterY', one)).to.equal(false);
  });

  it('when a hash was made with other parameters then it still verifies by the parameters it names', async () => {
    const cheaper = await hashPassword('older account', { N: 2 ** 14, r: 8, p: 1 });
    expect(cheaper.split('$').slice(1, 4)).to.deep.equal(['16384', '8', '1']);
    expect(await verifyPassword('older account', cheaper)).to.equal(true);
  });

  it('when the stored string is malformed or asks for absurd parameters then it never matches and never throws', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$8$1$c2FsdA==$aGFzaA==', 'scrypt$1073741824$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', 'bcrypt$2$8$1$x$y']) {
      expect(await verifyPassword('anything at all', stored), stored).to.equal(false);
    }
  });

  it('when the dummy hash is asked for twice then it is the same valid hash that no short password matches', async () => {
    const dummy = await dummyHash();
    expect(await dummyHash()).to.equal(dummy);
    expect(dummy).to.match(/^scrypt\$/);
    expect(await verifyPassword('', dummy)).to.equal(false);
  });
});

describe('roles', () => {
  it('when roles are compared then each includes the ones below it', () => {
    expect(hasRole('owner', 'viewer')).to.equal(true);
    expect(hasRole('admin', 'admin')).to.equal(true);
    expect(hasRole('member', 'admin')).to.equal(false);
    expect(hasRole('viewer', 'member')).to.equal(false);
  });

  it('when the role is too low then the 403 names the role needed and the one held', () => {
    expect(() => requireRole('member', 'owner')).to.throw(HttpError, 'this needs the owner role; you are a member');
    expect(() => requireRole('owner', 'admin')).to.not.throw();
  });
});
