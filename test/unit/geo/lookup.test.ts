import { expect } from 'chai';
import type { Request } from 'express';
import { Reader, type Response } from 'maxmind';
import { MmdbGeoLookup, type GeoLookup } from '../../../api/geo/GeoLookup.js';
import { clientContext } from '../../../api/ingest/clientContext.js';
import { loadConfig } from '../../../shared/config.js';
import { cityDb, countryDb, TEST_IPS } from '../../helpers/geoDatabases.js';
import { buildMmdb } from '../../helpers/mmdb.js';

const nowhere = { country: null, region: null, city: null, latitude: null, longitude: null };

describe('geo lookup', () => {
  const countryOnly = new MmdbGeoLookup(new Reader<Response>(countryDb()), undefined);
  const withCity = new MmdbGeoLookup(new Reader<Response>(countryDb()), new Reader<Response>(cityDb()));

  it('when only the country database is open then an address gets its country and nothing finer', () => {
    expect(countryOnly.place(TEST_IPS.lyon)).to.deep.equal({ ...nowhere, country: 'FR' });
    expect(countryOnly.place(TEST_IPS.osaka)).to.deep.equal({ ...nowhere, country: 'JP' });
    expect(countryOnly.place(TEST_IPS.unknown)).to.deep.equal(nowhere);
  });

  it('when the country database uses the flat country_code layout then the country is read the same', () => {
    const flat = new MmdbGeoLookup(new Reader<Response>(countryDb('flat')), undefined);
    expect(flat.place(TEST_IPS.countryOnly)).to.deep.equal({ ...nowhere, country: 'DE' });
  });

  it('when a city database is open then region, city and coordinates rounded to 2 decimals come from it', () => {
    expect(withCity.place(TEST_IPS.lyon)).to.deep.equal({ country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', latitude: 45.75, longitude: 4.85 });
    expect(withCity.place(TEST_IPS.osaka)).to.deep.equal({ country: 'JP', region: 'Ōsaka', city: 'Osaka', latitude: 34.69, longitude: 135.5 });
  });

  it('when the city database has no entry or an entry without names then the country database fills the country', () => {
    expect(withCity.place(TEST_IPS.countryOnly)).to.deep.equal({ ...nowhere, country: 'DE' });
    expect(withCity.place(TEST_IPS.bare)).to.deep.equal({ ...nowhere, country: 'NL' });
  });

  it('when the address is IPv4 mapped into IPv6, as a dual-stack socket reports it, then it is looked up as IPv4', () => {
    expect(withCity.place(`::ffff:${TEST_IPS.lyon}`)).to.include({ city: 'Lyon' });
  });

  it('when the address is private, loopback, link-local or not an address then it names no place', () => {
    // A database entry for a private range must not be believed: map 10/8 and fc00::/7 to somewhere.
    const liar = new MmdbGeoLookup(
      new Reader<Response>(buildMmdb([{ cidr: '10.0.0.0/8', record: { country_code: 'US' } }, { cidr: 'fc00::/7', record: { country_code: 'US' } }], { databaseType: 'liar' })),
      undefined,
    );
    for (const ip of ['10.1.2.3', '::ffff:10.1.2.3', '127.0.0.1', '::1', '192.168.1.1', '172.16.5.4', '169.254.1.1', 'fd00::1', 'fe80::1%eth0', '', 'nonsense', undefined]) {
      expect(liar.place(ip), String(ip)).to.deep.equal(nowhere);
    }
  });

  it('when a record has coordinates out of range or names of the wrong type then those fields are null', () => {
    const odd = new MmdbGeoLookup(
      new Reader<Response>(countryDb()),
      new Reader<Response>(
        buildMmdb(
          [{ cidr: '81.250.0.0/16', record: { country: { iso_code: 'fr' }, city: { names: { en: 7 } }, location: { latitude: 91, longitude: -0.001 } } }],
          { databaseType: 'odd' },
        ),
      ),
    );
    expect(odd.place(TEST_IPS.lyon)).to.deep.equal({ ...nowhere, country: 'FR' });
  });
});

describe('client context', () => {
  const lookup: GeoLookup = new MmdbGeoLookup(new Reader<Response>(countryDb()), new Reader<Response>(cityDb()));
  const request = (ip: string, headers: Record<string, string> = {}) =>
    ({ ip, get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

  it('when the city database knows the address then the context has the place and the language, and no address', () => {
    const http = loadConfig({ NODE_ENV: 'test' }).http;
    const context = clientContext(request(TEST_IPS.lyon, { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' }), http, lookup);
    expect(context).to.deep.equal({
      userAgent: null,
      country: 'FR',
      region: 'Auvergne-Rhône-Alpes',
      city: 'Lyon',
      latitude: 45.75,
      longitude: 4.85,
      language: 'fr',
      ipPrefix: null,
    });
    expect(JSON.stringify(context)).not.to.include(TEST_IPS.lyon);
  });

  it('when the proxy country header is configured then it wins, and a place of another country is dropped', () => {
    const http = loadConfig({ NODE_ENV: 'test', GEO_COUNTRY_HEADER: 'CF-IPCountry' }).http;
    expect(clientContext(request(TEST_IPS.lyon, { 'cf-ipcountry': 'be' }), http, lookup)).to.include({ country: 'BE', region: null, city: null, latitude: null });
    // Agreeing with the database keeps the city; an unusable header leaves the database's answer.
    expect(clientContext(request(TEST_IPS.lyon, { 'cf-ipcountry': 'FR' }), http, lookup)).to.include({ country: 'FR', city: 'Lyon' });
    expect(clientContext(request(TEST_IPS.lyon, { 'cf-ipcountry': 'XX' }), http, lookup)).to.include({ country: 'FR', city: 'Lyon' });
    expect(clientContext(request(TEST_IPS.lyon), http, lookup)).to.include({ country: 'FR', city: 'Lyon' });
  });
});
