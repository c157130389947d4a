import { expect } from 'chai';
import { detectBot } from '../../../../worker/normalize/bot.js';
import { parseUserAgent } from '../../../../worker/normalize/userAgent.js';
import { CHROME_DESKTOP, HEADLESS_CHROME, IPAD_SAFARI, IPHONE_SAFARI } from '../fixtures.js';

describe('normalize: user agent', () => {
  it('when the agent is Chrome on Windows then it is a desktop Chrome', () => {
    expect(parseUserAgent(CHROME_DESKTOP)).to.deep.equal({ browser: 'Chrome', browserVersion: '120.0.0.0', os: 'Windows', device: 'desktop' });
  });

  it('when the agent is Safari on an iPhone then it is a mobile iOS Safari', () => {
    expect(parseUserAgent(IPHONE_SAFARI)).to.deep.equal({ browser: 'Mobile Safari', browserVersion: '17.1', os: 'iOS', device: 'mobile' });
  });

  it('when the agent is Safari on an iPad then it is a tablet', () => {
    expect(parseUserAgent(IPAD_SAFARI).device).to.equal('tablet');
  });

  it('when the agent is HeadlessChrome on Linux then it parses as a desktop Chrome Headless', () => {
    expect(parseUserAgent(HEADLESS_CHROME)).to.deep.equal({
      browser: 'Chrome Headless',
      browserVersion: '120.0.0.0',
      os: 'Linux',
      device: 'desktop',
    });
  });

  it('when the agent is absent or unknown then the columns are null or other', () => {
    expect(parseUserAgent(null)).to.deep.equal({ browser: null, browserVersion: null, os: null, device: null });
    expect(parseUserAgent('curl/8.5.0')).to.deep.equal({ browser: null, browserVersion: null, os: null, device: 'other' });
  });

  it('when the same agent is parsed twice then the answers are equal', () => {
    expect(parseUserAgent(IPHONE_SAFARI)).to.deep.equal(parseUserAgent(IPHONE_SAFARI));
  });
});

describe('normalize: bot flag', () => {
  it('when the agent is a real browser then it is not a bot', () => {
    for (const ua of [CHROME_DESKTOP, IPHONE_SAFARI, IPAD_SAFARI]) expect(detectBot(ua), ua).to.equal(false);
  });

  it('when the agent is HeadlessChrome, curl, node or a crawler then it is a bot', () => {
    for (const ua of [HEADLESS_CHROME, 'curl/8.5.0', 'node', 'python-requests/2.31', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)']) {
      expect(detectBot(ua), ua).to.equal(true);
    }
  });

  it('when there is no agent (a server SDK) then it is not flagged', () => {
    expect(detectBot(null)).to.equal(false);
  });

  it('when more distinct agents arrive than are remembered then every answer stays right', () => {
    for (let i = 0; i < 5000; i++) {
      expect(detectBot(`${CHROME_DESKTOP} build/${i}`)).to.equal(false);
      expect(detectBot(`Mozilla/5.0 (compatible; Googlebot/2.1; run ${i})`)).to.equal(true);
    }
    expect(detectBot(CHROME_DESKTOP)).to.equal(false);
    expect(detectBot(HEADLESS_CHROME)).to.equal(true);
  });
});
