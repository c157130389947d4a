import { expect } from 'chai';
import { newcombeDifference, wilson } from '../../../api/stats/newcombe.js';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const interval = (x1: number, n1: number, x2: number, n2: number) => {
  const d = newcombeDifference(x1, n1, x2, n2);
  return [r4(d.difference), r4(d.lower), r4(d.upper)];
};

describe('Newcombe hybrid score interval (method 10)', () => {
  it('when 0 of 10 succeed then the Wilson interval is 0 to z²/(n+z²) = 0.2775', () => {
    // z = 1.959964: z² = 3.841459; 3.841459 / 13.841459 = 0.27753.
    const w = wilson(0, 10);
    expect(r4(w.lower)).to.equal(0);
    expect(r4(w.upper)).to.equal(0.2775);
  });

  it('when 56/70 is compared with 48/80 then the difference is 0.2000 in (0.0524, 0.3339), as Newcombe tabulates', () => {
    // By hand: Wilson(56, 70) = (0.6918, 0.8770), Wilson(48, 80) = (0.4905, 0.7004);
    // 0.2 − √(0.1082² + 0.1004²) = 0.2 − 0.1476 = 0.0524, 0.2 + √(0.0770² + 0.1095²) = 0.2 + 0.1339 = 0.3339.
    expect(interval(56, 70, 48, 80)).to.deep.equal([0.2, 0.0524, 0.3339]);
  });

  it("when the other examples of Newcombe's table are computed then they match it to 4 decimals", () => {
    expect(interval(9, 10, 3, 10)).to.deep.equal([0.6, 0.1705, 0.809]);
    expect(interval(5, 56, 0, 29)).to.deep.equal([0.0893, -0.0381, 0.1926]);
    expect(interval(0, 10, 0, 20)).to.deep.equal([0, -0.1611, 0.2775]);
    expect(interval(0, 10, 0, 10)).to.deep.equal([0, -0.2775, 0.2775]);
    expect(interval(10, 10, 0, 20)).to.deep.equal([1, 0.6791, 1]);
    expect(interval(10, 10, 0, 10)).to.deep.equal([1, 0.6075, 1]);
  });

  it('when the groups are swapped then the interval is mirrored', () => {
    expect(interval(48, 80, 56, 70)).to.deep.equal([-0.2, -0.3339, -0.0524]);
  });
});
