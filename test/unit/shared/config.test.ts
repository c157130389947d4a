import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../shared/config.js';
import { createReadPool } from '../../../shared/db/pool.js';
import { webPoolSizes } from '../../../shared/db/poolBudget.js';
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

describe('config: DATABASE_READ_URL', () => {
  it('when DATABASE_READ_URL is unset then there is no read pool and the web budget is as before', () => {
    const c = loadConfig({ DATABASE_READ_URL: '' });
    expect(c.database.readUrl).to.equal(undefined);
    expect(createReadPool(c, 4)).to.equal(undefined);
    expect(webPoolSizes(c.database.poolMax, c.database.readUrl !== undefined).reads).to.equal(0);
  });

  it('when DATABASE_READ_URL names a server then a pool of the given size opens on it with the TLS setting of DATABASE_SSL', async () => {
    const c = loadConfig({ DATABASE_READ_URL: 'postgres://reader@standby.example:5432/cuepoint', DATABASE_SSL: 'require' });
    expect(c.database.readUrl).to.equal('postgres://reader@standby.example:5432/cuepoint');
    const pool = createReadPool(c, 3);
    try {
      expect(pool?.options).to.include({ connectionString: 'postgres://reader@standby.example:5432/cuepoint', max: 3 });
      expect(pool?.options.ssl).to.deep.equal({ rejectUnauthorized: true });
    } finally {
      await pool?.end();
    }
  });

  it('when DATABASE_READ_URL is not a URL then loading fails naming it', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'standby:5432' })).to.throw(ConfigError, /DATABASE_READ_URL/);
  });
});
