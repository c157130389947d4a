import { expect } from 'chai';
import { loggedPath, toHttpError } from '../../../api/http/errorHandler.js';
import { HttpError } from '../../../api/http/errors.js';

describe('error mapping', () => {
  it('when a body parser reports malformed JSON then it is a 400 naming the body', () => {
    const e = toHttpError(Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }));
    expect(e.body()).to.deep.equal({ error: { code: 'invalid_json', message: 'the body is not valid JSON', field: 'body' } });
  });

  it('when an unexpected error occurs then it is an opaque 500 without its message', () => {
    const e = toHttpError(new Error('relation "videos" does not exist at select * from videos'));
    expect(e.status).to.equal(500);
    expect(JSON.stringify(e.body())).to.not.match(/select|videos/);
  });

  it('when PostgreSQL or Redis is unreachable, shutting down or cancels for a standby then it is a 503 to retry, naming no server detail', () => {
    const refused = new AggregateError([Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })], 'connect failed');
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const conflict = Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
    for (const err of [refused, shutdown, conflict, new Error('Connection terminated unexpectedly')]) {
      const e = toHttpError(err);
      expect(e.status, err.message).to.equal(503);
      expect(e.options.headers).to.deep.equal({ 'Retry-After': '5' });
      expect(JSON.stringify(e.body())).to.not.match(/10\.0\.0\.5|administrator|recovery/);
    }
  });

  it('when a non-error value is thrown then it is a 500 too', () => {
    expect(toHttpError('boom').status).to.equal(500);
    expect(toHttpError({ status: 503 }).status).to.equal(500);
  });

  it('when an HttpError carries extra members then they sit beside error', () => {
    const e = new HttpError(400, 'no_valid_events', 'none', { field: 'events', extra: { accepted: 0, rejected: [] } });
    expect(e.body()).to.deep.equal({ accepted: 0, rejected: [], error: { code: 'no_valid_events', message: 'none', field: 'events' } });
  });

  it('when a path names a user id then the logged path hides it, and other paths are logged as they are', () => {
    expect(loggedPath('/v1/users/ann%40example.com/visitors')).to.equal('/v1/users/:userId/visitors');
    expect(loggedPath('/v1/visitors/0f8e/export')).to.equal('/v1/visitors/0f8e/export');
  });
});
