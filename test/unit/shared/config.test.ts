import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../shared/config.js';
import { localDay, isValidTimeZone } from '../../../shared/timezone.js';

describe('config', () => {
  it('when nothing is configured then working local defaults apply', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', REDIS_URL: '', TRUST_PROXY_HOPS: '' });
    expect(c.port).to.equal(3000);
    expect(c.database.url).to.equal(undefined);
    expect(c.http.trustProxyHops).to.equal(0);
    expect(c.ingest.maxEventsPerRequest).to.equal(500);
  });

  it('when a value is invalid then loading fails naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).to.throw(ConfigError, /PORT/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).to.throw(ConfigError, /REDIS_URL/);
    expect(() => loadConfig({ MAX_EVENT_AGE_DAYS: '10' })).to.throw(ConfigError, /MAX_EVENT_AGE_DAYS/);
    expect(() => loadConfig({ MAX_RULE_PATTERN_CHARS: '4096' })).to.throw(ConfigError, /MAX_RULE_PATTERN_CHARS/);
  });

  it('when the rule limits are not configured then 50 rules of 512 characters apply', () => {
    expect(loadConfig({}).rules).to.deep.equal({ perProject: 50, patternChars: 512 });
  });
});

describe('timezone', () => {
  it('when an instant is just after midnight in Tokyo then its local day is the next UTC day', () => {
    expect(localDay(Date.UTC(2026, 0, 1, 15, 30), 'Asia/Tokyo')).to.equal('2026-01-02');
    expect(localDay(Date.UTC(2026, 0, 1, 15, 30), 'America/New_York')).to.equal('2026-01-01');
  });

  it('when a zone name is unknown then it is not valid', () => {
    expect(isValidTimeZone('Asia/Tokyo')).to.equal(true);
    expect(isValidTimeZone('Mars/Olympus')).to.equal(false);
  });
});
