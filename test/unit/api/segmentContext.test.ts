import { expect } from 'chai';
import type { GeoLookup } from '../../../api/geo/GeoLookup.js';
import type { ClientFacts } from '../../../api/ingest/clientContext.js';
import { messageContext } from '../../../api/segment/context.js';
import { basicAuthKey, segmentKey } from '../../../api/segment/presentedKey.js';
import { loadConfig } from '../../../shared/config.js';

const http = loadConfig({ NODE_ENV: 'test' }).http;
/** A lookup that names the address it was given, so a test can see which address was resolved. */
const geo: GeoLookup = { place: (ip) => ({ country: ip === '203.0.113.9' ? 'NL' : ip === '198.51.100.7' ? 'DE' : null, region: null, city: null, latitude: null, longitude: null }) };

const browser: ClientFacts = { userAgent: 'Browser/1.0', ip: '198.51.100.7', acceptLanguage: 'de-DE', proxyCountry: undefined };

describe('segment: the end user context of a message', () => {
  it('when the message reports its device then its own user agent, address and locale win over the browser request', () => {
    const context = messageContext({ userAgent: 'Phone/2.0', ip: '203.0.113.9', locale: 'nl-NL' }, browser, http, geo);
    expect(context).to.deep.include({ userAgent: 'Phone/2.0', country: 'NL', language: 'nl' });
  });

  it('when a browser request carries a message without device facts then the request fills them in', () => {
    expect(messageContext({}, browser, http, geo)).to.deep.include({ userAgent: 'Browser/1.0', country: 'DE', language: 'de' });
  });

  it('when a server request carries a message without device facts then nothing of the server is used', () => {
    expect(messageContext({}, undefined, http, geo)).to.deep.include({ userAgent: null, country: null, language: null, ipPrefix: null });
  });

  it('when the message names its own address then the proxy country of the request is not applied to it', () => {
    const proxied = { ...browser, proxyCountry: 'FR' };
    expect(messageContext({ ip: '203.0.113.9' }, proxied, http, geo).country).to.equal('NL');
    expect(messageContext({}, proxied, http, geo).country).to.equal('FR');
  });
});

describe('segment: the presented key', () => {
  const b64 = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

  it('when Basic auth holds `key:` or the bare key then the key is the user name', () => {
    expect(basicAuthKey(b64('cpw_abc:'))).to.equal('cpw_abc');
    expect(basicAuthKey(b64('cpw_abc'))).to.equal('cpw_abc');
    expect(basicAuthKey('Bearer cpw_abc')).to.equal(undefined);
  });

  it('when Basic auth has a password or no user then 401 naming authorization', () => {
    expect(() => basicAuthKey(b64('cpw_abc:pw'))).to.throw('empty password');
    expect(() => basicAuthKey(b64(':'))).to.throw('no write key');
  });

  it('when both a header and writeKey come then the header wins; a foreign scheme with writeKey falls back to it', () => {
    expect(segmentKey(b64('cpw_h:'), 'cpw_b')).to.deep.equal({ key: 'cpw_h', field: 'authorization' });
    expect(segmentKey('Digest x', 'cpw_b')).to.deep.equal({ key: 'cpw_b', field: 'writeKey' });
    expect(() => segmentKey('Digest x', undefined)).to.throw('Authorization header');
  });
});
