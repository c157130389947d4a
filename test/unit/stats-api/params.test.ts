import { expect } from 'chai';
import { HttpError } from '../../../api/http/errors.js';
import { MAX_RANGE_DAYS, parsePagesQuery, parseRangeQuery } from '../../../api/stats/params.js';

function failure(parse: () => unknown): HttpError {
  try {
    parse();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a 400');
}

describe('stats: query parameters', () => {
  it('when only the range is given then includeBots defaults to false and the pages limit to 100', () => {
    expect(parseRangeQuery({ from: '2026-03-01', to: '2026-03-31' })).to.deep.equal({ from: '2026-03-01', to: '2026-03-31', includeBots: false });
    expect(parsePagesQuery({ from: '2026-03-01', to: '2026-03-01', includeBots: 'true' })).to.deep.equal({
      from: '2026-03-01',
      to: '2026-03-01',
      includeBots: true,
      limit: 100,
    });
    expect(parsePagesQuery({ from: '2026-03-01', to: '2026-03-01', limit: '1000' }).limit).to.equal(1000);
  });

  const cases: [string, () => unknown, string][] = [
    ['from is missing', () => parseRangeQuery({ to: '2026-03-01' }), 'from'],
    ['the query is empty', () => parseRangeQuery(undefined), 'from'],
    ['from is February 30', () => parseRangeQuery({ from: '2026-02-30', to: '2026-03-01' }), 'from'],
    ['from is before 1900', () => parseRangeQuery({ from: '0000-01-01', to: '2026-03-01' }), 'from'],
    ['to has no leading zero', () => parseRangeQuery({ from: '2026-03-01', to: '2026-3-02' }), 'to'],
    ['to is before from', () => parseRangeQuery({ from: '2026-03-02', to: '2026-03-01' }), 'to'],
    ['the range is one day too long', () => parseRangeQuery({ from: '2025-01-01', to: '2026-02-05' }), 'to'],
    ['includeBots is 1', () => parseRangeQuery({ from: '2026-03-01', to: '2026-03-01', includeBots: '1' }), 'includeBots'],
    ['a parameter is repeated', () => parseRangeQuery({ from: ['2026-03-01', '2026-03-02'], to: '2026-03-03' }), 'from'],
    ['an unknown parameter is given', () => parseRangeQuery({ from: '2026-03-01', to: '2026-03-01', includebots: 'true' }), 'includebots'],
    ['limit is 0', () => parsePagesQuery({ from: '2026-03-01', to: '2026-03-01', limit: '0' }), 'limit'],
    ['limit is 1001', () => parsePagesQuery({ from: '2026-03-01', to: '2026-03-01', limit: '1001' }), 'limit'],
    ['limit is empty', () => parsePagesQuery({ from: '2026-03-01', to: '2026-03-01', limit: '' }), 'limit'],
    ['limit is 1e2', () => parsePagesQuery({ from: '2026-03-01', to: '2026-03-01', limit: '1e2' }), 'limit'],
  ];
  for (const [what, parse, field] of cases) {
    it(`when ${what} then it is a 400 invalid_parameter naming ${field}`, () => {
      const err = failure(parse);
      expect(err.status).to.equal(400);
      expect(err.body()).to.have.nested.property('error.code', 'invalid_parameter');
      expect(err.options.field).to.equal(field);
      expect(err.message).to.contain(field);
    });
  }

  it(`when the range covers exactly ${MAX_RANGE_DAYS} days then it is accepted`, () => {
    expect(parseRangeQuery({ from: '2025-01-01', to: '2026-02-04' }).to).to.equal('2026-02-04');
  });
});
