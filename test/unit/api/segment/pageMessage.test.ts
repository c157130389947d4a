import { expect } from 'chai';
import { mapped, message, refused } from './segmentMessages.js';

describe('Segment mapping: page and screen', () => {
  it('when analytics.js sends a page call then it becomes a page_view with url, title and referrer from context.page', () => {
    const m = mapped(message({
      type: 'page',
      name: 'Pricing',
      context: { page: { url: 'https://shop.example/pricing', title: 'Pricing – Shop', referrer: 'https://www.google.com/' } },
      properties: { url: 'https://shop.example/ignored', title: 'ignored' },
    }));
    expect(m.event).to.deep.include({ type: 'page_view', url: 'https://shop.example/pricing', title: 'Pricing – Shop', referrer: 'https://www.google.com/' });
    expect(m.fieldOrigins).to.deep.include({ url: 'context.page.url', title: 'context.page.title', referrer: 'context.page.referrer' });
  });

  it('when a server sends a page call with properties only then url, title and referrer come from properties, and the title falls back to name', () => {
    const m = mapped(message({ type: 'page', name: 'Docs', properties: { url: 'https://docs.example/a', referrer: 'https://news.example/' } }));
    expect(m.event).to.deep.include({ type: 'page_view', url: 'https://docs.example/a', title: 'Docs', referrer: 'https://news.example/' });
    expect(m.fieldOrigins).to.deep.include({ url: 'properties.url', title: 'name', referrer: 'properties.referrer' });
  });

  it('when context.page.url is not http(s) but properties.url is then the page view uses properties.url', () => {
    const m = mapped(message({ type: 'page', context: { page: { url: 'about:blank' } }, properties: { url: 'http://a.example/x' } }));
    expect(m.event).to.deep.include({ type: 'page_view', url: 'http://a.example/x' });
  });

  it('when context.campaign is given then the URL gains the utm tags it lacks and keeps those it has', () => {
    const m = mapped(message({
      type: 'page',
      context: {
        page: { url: 'https://shop.example/?utm_source=newsletter&q=1' },
        campaign: { name: 'spring', source: 'google', medium: 'cpc', term: 'red shoes', content: 7 },
      },
    }));
    expect(m.event.url).to.equal('https://shop.example/?utm_source=newsletter&q=1&utm_campaign=spring&utm_medium=cpc&utm_term=red+shoes&utm_content=7');
  });

  it('when the campaign adds nothing new then the URL is kept exactly as sent', () => {
    const url = 'https://Shop.example/a%20b?utm_campaign=x#frag';
    expect(mapped(message({ type: 'page', context: { page: { url }, campaign: { name: 'other' } } })).event.url).to.equal(url);
  });

  it('when a page has no usable http(s) URL then it is stored as the custom event page with its name and properties', () => {
    const m = mapped(message({ type: 'page', name: 'Settings', properties: { url: 'app://settings', section: 'b' } }));
    expect(m.event).to.deep.include({ type: 'custom', name: 'page', props: { url: 'app://settings', section: 'b', name: 'Settings' } });
    expect(mapped(message({ type: 'page' })).event).to.deep.include({ type: 'custom', name: 'page' });
  });

  it('when a referrer is not http(s) then it is left out and the page view is still stored', () => {
    const m = mapped(message({ type: 'page', properties: { url: 'https://a.example/', referrer: 'android-app://com.google.android.gm' } }));
    expect(m.event).to.not.have.property('referrer');
  });

  it('when a title is longer than 1024 characters then its first 1024 are kept', () => {
    const m = mapped(message({ type: 'page', properties: { url: 'https://a.example/', title: 't'.repeat(1500) } }));
    expect(m.event.title).to.equal('t'.repeat(1024));
  });

  it('when a URL is longer than 2048 characters then it is cut to 2048 without splitting an escape', () => {
    const url = `https://a.example/?q=${'x'.repeat(2025)}%41%42`;
    const m = mapped(message({ type: 'page', properties: { url } }));
    expect(m.event.url).to.have.length(2046);
    expect(m.event.url).to.equal(url.slice(0, 2046));
  });

  it('when a page fallback has properties no stored event may hold then the message is refused naming the property path', () => {
    expect(refused(message({ type: 'page', properties: { a: { b: 'nul\u0000' } } }))).to.deep.equal({ field: 'properties.a.b', reason: 'contains a NUL character' });
  });

  it('when a screen call arrives then it is the custom event screen with its properties and name', () => {
    const m = mapped(message({ type: 'screen', name: 'Checkout', properties: { step: 2 } }));
    expect(m.event).to.deep.include({ type: 'custom', name: 'screen', props: { step: 2, name: 'Checkout' } });
  });
});
