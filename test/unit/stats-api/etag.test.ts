import { expect } from 'chai';
import { ifNoneMatchMatches, statsEtag, type EtagInput } from '../../../api/stats/etag.js';

const base: EtagInput = {
  projectId: '3f2b9c1e-0000-4000-8000-000000000001',
  endpoint: 'overview',
  params: { from: '2026-03-01', to: '2026-03-31', includeBots: false },
  rollups: '41/12',
  videos: '1767225600000000/3',
  rules: '0/0',
  slots: '1767225600000000/5',
  projectUpdatedAt: new Date('2026-01-01T00:00:00Z'),
};

describe('stats: ETag', () => {
  it('when the input is the same then the tag is the same strong tag, whatever the parameter order', () => {
    const tag = statsEtag(base);
    expect(tag).to.match(/^"[A-Za-z0-9_-]{43}"$/);
    expect(statsEtag({ ...base, params: { includeBots: false, to: '2026-03-31', from: '2026-03-01' } })).to.equal(tag);
  });

  it('when any input changes then the tag changes', () => {
    const variants: Partial<EtagInput>[] = [
      { projectId: '3f2b9c1e-0000-4000-8000-000000000002' },
      { endpoint: 'videos' },
      { params: { ...base.params, includeBots: true } },
      { params: { ...base.params, to: '2026-03-30' } },
      { params: { ...base.params, limit: 100 } },
      { rollups: '42/12' },
      { rollups: '41/11' },
      { videos: '1767225600000001/3' },
      { videos: '1767225600000000/2' },
      { slots: '1767225600000000/6' },
      { projectUpdatedAt: new Date('2026-01-01T00:00:00.001Z') },
    ];
    const tags = new Set([statsEtag(base), ...variants.map((v) => statsEtag({ ...base, ...v }))]);
    expect(tags.size).to.equal(variants.length + 1);
  });

  it('when If-None-Match lists the tag, weakly or among others, or is * then it matches', () => {
    const tag = '"abc"';
    expect(ifNoneMatchMatches('"abc"', tag)).to.equal(true);
    expect(ifNoneMatchMatches('W/"abc"', tag)).to.equal(true);
    expect(ifNoneMatchMatches('"x", "abc"', tag)).to.equal(true);
    expect(ifNoneMatchMatches(' * ', tag)).to.equal(true);
  });

  it('when If-None-Match is absent, different or malformed then it does not match', () => {
    const tag = '"abc"';
    expect(ifNoneMatchMatches(undefined, tag)).to.equal(false);
    expect(ifNoneMatchMatches('', tag)).to.equal(false);
    expect(ifNoneMatchMatches('"abcd"', tag)).to.equal(false);
    expect(ifNoneMatchMatches('abc', tag)).to.equal(false);
  });
});
