import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { classifyReferrer, type Referrer } from '../../../../worker/normalize/referrer.js';

function ref(raw: string | null, pageHost = 'shop.example'): Referrer {
  const result = classifyReferrer(raw, pageHost, []);
  if (result instanceof ToDeadLetter) throw new Error(`unexpected dead letter: ${result.describe()}`);
  return result;
}

describe('normalize: referrer', () => {
  it('when there is no referrer then the class is direct', () => {
    expect(ref(null)).to.deep.equal({ url: null, host: null, class: 'direct' });
    expect(ref('')).to.deep.equal({ url: null, host: null, class: 'direct' });
  });

  it('when the referrer is the page host (with or without www) then the class is internal', () => {
    expect(ref('https://shop.example/cart').class).to.equal('internal');
    expect(ref('https://www.shop.example/').class).to.equal('internal');
    expect(ref('https://shop.example/', 'www.shop.example').class).to.equal('internal');
  });

  it('when the referrer is a search engine then the class is search', () => {
    for (const r of ['https://www.google.com/', 'https://www.google.co.jp/search?q=x', 'https://www.bing.com/', 'https://duckduckgo.com/']) {
      expect(ref(r).class, r).to.equal('search');
    }
  });

  it('when the referrer is a social network then the class is social', () => {
    for (const r of ['https://t.co/abc', 'https://l.facebook.com/l.php?u=x', 'https://www.instagram.com/', 'https://x.com/a']) {
      expect(ref(r).class, r).to.equal('social');
    }
  });

  it('when the referrer is webmail then the class is email, even under google.com', () => {
    for (const r of ['https://mail.google.com/mail/u/0/', 'https://outlook.live.com/', 'https://webmail.isp.example/']) {
      expect(ref(r).class, r).to.equal('email');
    }
  });

  it('when the referrer is any other site then the class is external', () => {
    expect(ref('https://blog.example.org/post')).to.deep.equal({
      url: 'https://blog.example.org/post',
      host: 'blog.example.org',
      class: 'external',
    });
  });

  it('when the referrer has a query and a fragment then both are stripped like a page url', () => {
    expect(ref('https://www.google.com/search?q=secret+words&utm_source=x#top').url).to.equal('https://www.google.com/search?utm_source=x');
  });

  it('when the referrer is not an http(s) url then it goes to dead letters as invalid_referrer', () => {
    expect(classifyReferrer('android-app://com.x', 'shop.example', [])).to.deep.equal(new ToDeadLetter('invalid_referrer', 'referrer'));
  });
});
