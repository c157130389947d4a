import { expect } from 'chai';
import { describeError, isTransient, TransientError } from '../../../worker/errors.js';

function withCode(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('worker errors', () => {
  it('when the database connection is refused, reset or lost then the error is transient', () => {
    for (const e of [withCode('ECONNREFUSED'), withCode('ECONNRESET'), withCode('ETIMEDOUT'), withCode('EPIPE'), new Error('Connection terminated unexpectedly')]) {
      expect(isTransient(e), e.message).to.equal(true);
    }
  });

  it('when PostgreSQL reports a connection, resource, deadlock or shutdown state then the error is transient', () => {
    for (const code of ['08006', '08001', '40001', '40P01', '53300', '53100', '57P01', '57P02', '57P03', '55P03', '25006', '58030', 'ENOTFOUND']) {
      expect(isTransient(withCode(code)), code).to.equal(true);
    }
  });

  it('when a refused connect comes as an AggregateError or a cause then it is transient', () => {
    expect(isTransient(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'))).to.equal(true);
    expect(isTransient(new Error('wrapped', { cause: withCode('40P01') }))).to.equal(true);
    expect(isTransient(new TransientError('later'))).to.equal(true);
  });

  it('when the data is at fault then the error is permanent', () => {
    for (const code of ['22003', '23502', '22P02', '42703', '23514', '57014']) {
      expect(isTransient(withCode(code)), code).to.equal(false);
    }
    expect(isTransient(new Error('boom'))).to.equal(false);
    expect(isTransient('string')).to.equal(false);
  });

  it('when an error has a SQLSTATE then the reason names it', () => {
    expect(describeError(withCode('22003', 'numeric field overflow'))).to.equal('numeric field overflow [22003]');
    expect(describeError('plain')).to.equal('plain');
  });
});
