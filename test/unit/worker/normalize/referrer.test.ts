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
    const direct = { url: null, host: null, class: 'direct', source: 'direct', platform: null };
    expect(ref(null)).to.deep.equal(direct);
    expect(ref('')).to.deep.equal(direct);
  });

  it('when the referrer is the page host (with or without www) then the class is internal and the source direct', () => {
    expect(ref('https://shop.example/cart')).to.include({ class: 'internal', source: 'direct', platform: null });
    expect(ref('https://www.shop.example/').class).to.equal('internal');
    expect(ref('https://shop.example/', 'www.shop.example').class).to.equal('internal');
  });

  it('when the referrer is a search engine then the class and source are search and the platform is named', () => {
    const cases: [string, string][] = [
      ['https://www.google.com/', 'google'],
      ['https://www.google.co.jp/search?q=x', 'google'],
      ['https://www.google.de/imgres?x=1', 'google'],
      ['https://www.bing.com/', 'bing'],
      ['https://duckduckgo.com/', 'duckduckgo'],
      ['https://search.yahoo.co.jp/search?p=x', 'yahoo'],
      ['https://www.baidu.com/s?wd=x', 'baidu'],
      ['https://baidu.com/', 'baidu'],
      ['https://yandex.ru/search/', 'yandex'],
      ['https://m.search.naver.com/search.naver?query=x', 'naver'],
    ];
    for (const [r, platform] of cases) expect(ref(r), r).to.include({ class: 'search', source: 'search', platform });
  });

  it('when the referrer is a social network then the class and source are social and the platform is named', () => {
    const cases: [string, string][] = [
      ['https://t.co/abc', 'x'],
      ['https://x.com/a', 'x'],
      ['https://l.facebook.com/l.php?u=x', 'facebook'],
      ['https://lm.facebook.com/', 'facebook'],
      ['https://www.instagram.com/', 'instagram'],
      ['https://www.linkedin.com/feed/', 'linkedin'],
      ['https://m.youtube.com/watch', 'youtube'],
      ['https://www.tiktok.com/@a', 'tiktok'],
      ['https://line.me/R/', 'line'],
      ['https://www.pinterest.com/pin/1', 'pinterest'],
      ['https://old.reddit.com/r/x', 'reddit'],
    ];
    for (const [r, platform] of cases) expect(ref(r), r).to.include({ class: 'social', source: 'social', platform });
  });

  it('when a host only starts like a listed one then it is not that platform', () => {
    // A plain string-prefix match would call these x.com and t.co.
    expect(ref('https://x.company.example/')).to.include({ class: 'external', platform: null });
    expect(ref('https://t.coffee.example/')).to.include({ class: 'external', platform: null });
  });

  it('when the referrer is webmail then the class is email, even under google.com, and the source is referral', () => {
    for (const r of ['https://mail.google.com/mail/u/0/', 'https://outlook.live.com/', 'https://webmail.isp.example/']) {
      expect(ref(r), r).to.include({ class: 'email', source: 'referral' });
    }
    expect(ref('https://mail.google.com/mail/u/0/').platform).to.equal('gmail');
  });

  it('when the referrer is any other site then the class is external and the source referral', () => {
    expect(ref('https://blog.example.org/post')).to.deep.equal({
      url: 'https://blog.example.org/post',
      host: 'blog.example.org',
      class: 'external',
      source: 'referral',
      platform: null,
    });
  });

  it('when a listed host is no search, social or mail site then it is external without a platform', () => {
    expect(ref('https://support.google.com/a')).to.include({ class: 'external', source: 'referral', platform: null });
  });

  it('when the referrer has a query and a fragment then both are stripped like a page url', () => {
    expect(ref('https://www.google.com/search?q=secret+words&utm_source=x#top').url).to.equal('https://www.google.com/search?utm_source=x');
  });

  it('when the referrer is not an http(s) url then it goes to dead letters as invalid_referrer', () => {
    expect(classifyReferrer('android-app://com.x', 'shop.example', [])).to.deep.equal(new ToDeadLetter('invalid_referrer', 'referrer'));
  });
});
