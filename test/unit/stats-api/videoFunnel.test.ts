import { expect } from 'chai';
import { funnelSteps } from '../../../api/stats/reports/videoFunnel.js';

const counts = { impression: 10, open: 4, play: 2, reach25: 2, reach50: 1, reach75: 1, reach100: 0, ctaClick: 1, conversion: 2 };

describe('video funnel steps', () => {
  it('when counts are given then each step divides by the one before, CTA and conversion by play, and every step by impressions', () => {
    const steps = funnelSteps(counts);
    expect(steps.map((s) => s.step)).to.deep.equal(['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100', 'ctaClick', 'conversion']);
    expect(steps.map((s) => s.fromPrevious)).to.deep.equal([1, 0.4, 0.5, 1, 0.5, 1, 0, 0.5, 1]);
    expect(steps.map((s) => s.fromStart)).to.deep.equal([1, 0.4, 0.2, 0.2, 0.1, 0.1, 0, 0.1, 0.2]);
  });

  it('when a denominator is 0 then its ratio is null, never NaN or Infinity', () => {
    const steps = funnelSteps({ ...counts, impression: 0, play: 0 });
    expect(steps.map((s) => s.fromStart)).to.deep.equal(Array(9).fill(null));
    expect(steps.find((s) => s.step === 'ctaClick')!.fromPrevious).to.equal(null);
    expect(steps.find((s) => s.step === 'reach25')!.fromPrevious).to.equal(null);
  });
});
