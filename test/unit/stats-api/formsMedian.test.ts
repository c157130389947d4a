import { expect } from 'chai';
import { medianOf } from '../../../api/stats/reports/forms.js';

describe('forms: median seconds from a merged histogram', () => {
  it('when the count is odd then the median is the middle second', () => {
    expect(medianOf(new Map([[60, 1], [20, 1], [30, 1]]))).to.equal(30);
  });

  it('when the count is even then the median is the mean of the two middle seconds', () => {
    expect(medianOf(new Map([[10, 1], [20, 1], [31, 1], [90, 1]]))).to.equal(25.5);
    expect(medianOf(new Map([[7, 2]]))).to.equal(7);
  });

  it('when a value repeats across the middle then the median is that value', () => {
    expect(medianOf(new Map([[5, 1], [8, 3], [100, 1]]))).to.equal(8);
  });

  it('when the histogram is empty then there is no median', () => {
    expect(medianOf(new Map())).to.equal(null);
  });
});
