import { expect } from 'chai';
import { HttpError } from '../../../api/http/errors.js';
import { MAX_RANGE_DAYS, parseListQuery, parseRangeQuery } from '../../../api/stats/params.js';

function failure(parse: () => unknown): HttpError {
  try {
    parse();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a 400');
}

const ZONE = 'Asia/Tokyo';
/** 2026-02-28 23:30 UTC: already March 1st in Tokyo, still February 28th in New York. */
const TOKYO_MARCH_1 = Date.UTC(2026, 1, 28, 23, 30);

describe('stats: query parameters', () => {
  it('when no range is given then it is the last 7 local days ending today in the project time zone', () => {
    expect(parseRangeQuery(undefined, 'Asia/Tokyo', TOKYO_MARCH_1)).to.deep.equal({ from: '2026-02-23', to: '2026-03-01', includeBots: false });
    expect(parseRangeQuery({}, 'America/New_York', TOKYO_MARCH_1)).to.deep.equal({ from: '2026-02-22', to: '2026-02-28', includeBots: false });
  });

  it('when only one end is given then the other follows from it', () => {
    expect(parseRangeQuery({ to: '2026-01-03' }, ZONE, TOKYO_MARCH_1)).to.include({ from: '2025-12-28', to: '2026-01-03' });
    expect(parseListQuery({ from: '2026-02-01' }, ZONE, TOKYO_MARCH_1)).to.include({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('when includeBots is 1, 0, true or false then each is understood', () => {
    const bots = (v: string) => parseRangeQuery({ includeBots: v }, ZONE).includeBots;
    expect(['1', 'true', '0', 'false'].map(bots)).to.deep.equal([true, true, false, false]);
  });

  it('when only the range is given then includeBots defaults to false and the pages limit to 100', () => {
    expect(parseRangeQuery({ from: '2026-03-01', to: '2026-03-31' }, ZONE)).to.deep.equal({ from: '2026-03-01', to: '2026-03-31', includeBots: false });
    expect(parseListQuery({ from: '2026-03-01', to: '2026-03-01', includeBots: 'true' }, ZONE)).to.deep.equal({
      from: '2026-03-01',
      to: '2026-03-01',
      includeBots: true,
      limit: 100,
    });
    expect(parseListQuery({ from: '2026-03-01', to: '2026-03-01', limit: '1000' }, ZONE).limit).to.equal(1000);
  });

  const cases: [string, () => unknown, string][] = [
    ['from is February 30', () => parseRangeQuery({ from: '2026-02-30', to: '2026-03-01' }, ZONE), 'from'],
    ['from is before 1900', () => parseRangeQuery({ from: '0000-01-01', to: '2026-03-01' }, ZONE), 'from'],
    ['to has no leading zero', () => parseRangeQuery({ from: '2026-03-01', to: '2026-3-02' }, ZONE), 'to'],
    ['to is before from', () => parseRangeQuery({ from: '2026-03-02', to: '2026-03-01' }, ZONE), 'to'],
    ['the range is one day too long', () => parseRangeQuery({ from: '2025-01-01', to: '2026-02-05' }, ZONE), 'to'],
    ['includeBots is yes', () => parseRangeQuery({ from: '2026-03-01', to: '2026-03-01', includeBots: 'yes' }, ZONE), 'includeBots'],
    ['only from is given and lies after today', () => parseRangeQuery({ from: '2026-03-02' }, ZONE, TOKYO_MARCH_1), 'to'],
    ['a parameter is repeated', () => parseRangeQuery({ from: ['2026-03-01', '2026-03-02'], to: '2026-03-03' }, ZONE), 'from'],
    ['an unknown parameter is given', () => parseRangeQuery({ from: '2026-03-01', to: '2026-03-01', includebots: 'true' }, ZONE), 'includebots'],
    ['limit is 0', () => parseListQuery({ from: '2026-03-01', to: '2026-03-01', limit: '0' }, ZONE), 'limit'],
    ['limit is 1001', () => parseListQuery({ from: '2026-03-01', to: '2026-03-01', limit: '1001' }, ZONE), 'limit'],
    ['limit is empty', () => parseListQuery({ from: '2026-03-01', to: '2026-03-01', limit: '' }, ZONE), 'limit'],
    ['limit is 1e2', () => parseListQuery({ from: '2026-03-01', to: '2026-03-01', limit: '1e2' }, ZONE), 'limit'],
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
    expect(parseRangeQuery({ from: '2025-01-01', to: '2026-02-04' }, ZONE).to).to.equal('2026-02-04');
  });
});
