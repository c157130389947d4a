import { expect } from 'chai';
import { pageTime, scrollPercent } from '../../../tracker/src/core/pageTime.js';

describe('tracker: time on page', () => {
  it('when the page is hidden and shown again then only the visible intervals count', () => {
    const page = pageTime(1000, true);
    page.hidden(4000); // 3 s
    page.visible(10_000);
    page.visible(11_000); // already visible: no new start
    page.hidden(12_500); // 2.5 s
    page.visible(20_000);
    expect(page.end(21_000)).to.deep.equal({ timeOnPageMs: 6500, maxScrollPercent: 0 });
  });

  it('when the page starts hidden (a background tab) then time counts from when it is shown', () => {
    const page = pageTime(0, false);
    page.visible(5000);
    expect(page.end(7000)?.timeOnPageMs).to.equal(2000);
  });

  it('when the page ends twice then only the first end has figures', () => {
    const page = pageTime(0, true);
    expect(page.end(100)).to.deep.equal({ timeOnPageMs: 100, maxScrollPercent: 0 });
    page.visible(200);
    expect(page.end(900)).to.equal(undefined);
  });

  it('when the reader scrolls down and back up then the deepest point is kept, rounded and at most 100', () => {
    const page = pageTime(0, true);
    page.scroll(scrollPercent(0, 800, 3200)); // 25
    page.scroll(scrollPercent(1600, 800, 3200)); // 75
    page.scroll(scrollPercent(200, 800, 3200)); // 31.25
    expect(page.end(10)?.maxScrollPercent).to.equal(75);
    expect(scrollPercent(5000, 800, 3200)).to.equal(100);
    expect(scrollPercent(0, 800, 0)).to.equal(100);
    expect(scrollPercent(0, 800, 2400)).to.be.closeTo(33.33, 0.01);
  });
});
