import { expect } from 'chai';
import { runs } from '../../../shared/sets/runs.js';

describe('runs of sorted rows', () => {
  it('when neighbours share a key then they form one run, in order, and a key seen again later starts a new run', () => {
    const rows = [1, 1, 2, 3, 3, 3, 1].map((key, i) => ({ key, i }));
    expect(runs(rows, (a, b) => a.key === b.key).map((run) => run.map((r) => r.i))).to.deep.equal([[0, 1], [2], [3, 4, 5], [6]]);
  });

  it('when there are no rows then there are no runs', () => {
    expect(runs([], () => true)).to.deep.equal([]);
  });
});
