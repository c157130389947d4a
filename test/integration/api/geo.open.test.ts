import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoDatabaseError, openGeoLookup } from '../../../api/geo/openGeoLookup.js';
import { startWeb } from '../../../api/server.js';
import { loadConfig } from '../../../shared/config.js';
import { cityDb, TEST_IPS } from '../../helpers/geoDatabases.js';
import { silentLog } from '../../helpers/services.js';

describe('geo databases opened at start', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-geo-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when nothing is configured then the bundled country database answers countries, and nothing finer', async () => {
    const geo = await openGeoLookup({ countryDb: undefined, cityDb: undefined });
    // Public resolvers whose networks the registries have long placed: they pin the file's layout, not its data.
    expect(geo.place('8.8.8.8')).to.deep.equal({ country: 'US', region: null, city: null, latitude: null, longitude: null });
    expect(geo.place('::ffff:8.8.8.8').country).to.equal('US');
    expect(geo.place('2001:4860:4860::8888').country).to.equal('US');
    expect(geo.place('127.0.0.1').country).to.equal(null);
  });

  it('when GEOIP_CITY_DB names a city database then region, city and coordinates come from it', async () => {
    const path = join(dir, 'city.mmdb');
    writeFileSync(path, cityDb());
    const geo = await openGeoLookup(loadConfig({ NODE_ENV: 'test', GEOIP_CITY_DB: path }).geo);
    expect(geo.place(TEST_IPS.lyon)).to.deep.equal({ country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', latitude: 45.75, longitude: 4.85 });
  });

  it('when GEOIP_CITY_DB names a missing or corrupt file then opening fails with one sentence naming the variable and path', async () => {
    const missing = join(dir, 'nope.mmdb');
    const corrupt = join(dir, 'corrupt.mmdb');
    writeFileSync(corrupt, Buffer.from('this is not a MaxMind database at all'));
    for (const path of [missing, corrupt]) {
      const err = await openGeoLookup({ countryDb: undefined, cityDb: path }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, path).to.be.instanceOf(GeoDatabaseError);
      expect((err as Error).message).to.match(new RegExp(`^GEOIP_CITY_DB \\(${path.replace(/[.]/g, '\\.')}\\) is not a readable MaxMind database \\(\\.mmdb\\): `));
      expect((err as Error).message).not.to.include('\n');
    }
  });

  it('when the web process starts with a missing GEOIP_CITY_DB then the start fails with that sentence', async () => {
    const config = loadConfig({ NODE_ENV: 'test', GEOIP_CITY_DB: join(dir, 'absent.mmdb'), PORT: '0' });
    const err = await startWeb(config, silentLog).then(
      (web) => web.close(),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(GeoDatabaseError);
    expect((err as Error).message).to.include('GEOIP_CITY_DB');
  });
});
