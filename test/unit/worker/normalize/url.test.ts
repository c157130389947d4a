import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { normalizePageUrl, type PageUrl } from '../../../../worker/normalize/url.js';

function page(raw: string, allowlist: string[] = []): PageUrl {
  const result = normalizePageUrl(raw, allowlist);
  if (result instanceof ToDeadLetter) throw new Error(`unexpected dead letter: ${result.describe()}`);
  return result;
}

describe('normalize: url', () => {
  it('when the query has utm_* and other parameters then only utm_* are kept', () => {
    const p = page('https://shop.example/p/1?email=a%40b.c&utm_source=news&token=x&utm_campaign=spring');
    expect(p.url).to.equal('https://shop.example/p/1?utm_source=news&utm_campaign=spring');
  });

  it('when a parameter is on the project allowlist then it is kept too', () => {
    expect(page('https://shop.example/s?q=shoes&sku=9&sort=asc', ['sku', 'q']).url).to.equal('https://shop.example/s?q=shoes&sku=9');
  });

  it('when no parameter survives then the stored url has no question mark', () => {
    expect(page('https://shop.example/p?session=abc').url).to.equal('https://shop.example/p');
  });

  it('when the url has a fragment or credentials then neither is stored', () => {
    const p = page('https://user:secret@shop.example/thanks?utm_medium=email#order-123');
    expect(p.url).to.equal('https://shop.example/thanks?utm_medium=email');
    expect(p.pageKey).to.equal('https://shop.example/thanks');
  });

  it('when the scheme and host are upper case then page_key lowercases them but not the path', () => {
    const p = page('HTTPS://Shop.EXAMPLE/Products/Red-Shoe?utm_source=x');
    expect(p.pageKey).to.equal('https://shop.example/Products/Red-Shoe');
    expect(p.host).to.equal('shop.example');
    expect(p.path).to.equal('/Products/Red-Shoe');
  });

  it('when the url has an explicit port then page_key keeps it unless it is the default', () => {
    expect(page('http://shop.example:8080/a').pageKey).to.equal('http://shop.example:8080/a');
    expect(page('https://shop.example:443/a').pageKey).to.equal('https://shop.example/a');
  });

  it('when utm parameters are present then each goes to its column', () => {
    const p = page('https://s.example/?utm_source=g&utm_medium=cpc&utm_campaign=c1&utm_term=red+shoe&utm_content=v2');
    expect(p.utm).to.deep.equal({ utm_source: 'g', utm_medium: 'cpc', utm_campaign: 'c1', utm_term: 'red shoe', utm_content: 'v2' });
  });

  it('when the url is not absolute http(s) then it goes to dead letters as invalid_url', () => {
    expect(normalizePageUrl('/relative', [])).to.deep.equal(new ToDeadLetter('invalid_url', 'url'));
    expect(normalizePageUrl('javascript:alert(1)', [])).to.deep.equal(new ToDeadLetter('invalid_url', 'url'));
  });
});
