import { expect } from 'chai';
import { topList } from '../../../api/stats/realtime/reader.js';

describe('realtime top lists', () => {
  it('when (other) is among the top names then it is never listed and its count goes to the rest', () => {
    const flat = ['(other)', '9', 'https://a.example/b', '3', 'https://a.example/a', '3'];
    expect(topList(flat, 3, 15)).to.deep.equal({
      rows: [
        { name: 'https://a.example/a', count: 3 },
        { name: 'https://a.example/b', count: 3 },
      ],
      other: { names: 1, count: 9 },
    });
  });

  it('when more than ten names tie then the first ten by name are listed and the rest is counted', () => {
    const names = Array.from({ length: 12 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    const flat = [...names].reverse().flatMap((n) => [n, '1']);
    const { rows, other } = topList(flat, 12, 12);
    expect(rows.map((r) => r.name)).to.deep.equal(names.slice(0, 10));
    expect(other).to.deep.equal({ names: 2, count: 2 });
  });

  it('when tied names differ past ASCII then they are ordered by their bytes, as Redis orders ties at the cut', () => {
    // U+FF21 sorts after U+1F600 in UTF-16 code units, before it in UTF-8 bytes.
    const flat = ['x\u{1F600}', '1', 'x\uFF21', '1'];
    expect(topList(flat, 2, 2).rows.map((r) => r.name)).to.deep.equal(['x\uFF21', 'x\u{1F600}']);
  });

  it('when nothing was counted then the list is empty and there is no rest', () => {
    expect(topList([], 0, 0)).to.deep.equal({ rows: [], other: null });
  });
});
