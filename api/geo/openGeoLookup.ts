import { createRequire } from 'node:module';
import { open, type Reader, type Response } from 'maxmind';
import type { Config } from '../../shared/config.js';
import { MmdbGeoLookup, type GeoLookup } from './GeoLookup.js';

/**
 * The zero-setup country database: ip-location-db's GeoFeed + WHOIS + ASN country file, IPv4
 * and IPv6 in one, shipped as an npm package so a fresh install knows countries without an
 * account anywhere.
 */
export function bundledCountryDb(): string {
  return createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
}

/** A database the operator named cannot be used: the web process must not start without it. */
export class GeoDatabaseError extends Error {}

/**
 * Opens the databases before the web process listens, so the first request already has them
 * and a wrong path stops the start instead of silently losing places.
 */
export async function openGeoLookup(geo: Config['geo']): Promise<GeoLookup> {
  const country = await openDb(geo.countryDb ?? bundledCountryDb(), geo.countryDb === undefined ? 'the bundled country database' : 'GEOIP_COUNTRY_DB');
  const city = geo.cityDb === undefined ? undefined : await openDb(geo.cityDb, 'GEOIP_CITY_DB');
  return new MmdbGeoLookup(country, city);
}

async function openDb(path: string, name: string): Promise<Reader<Response>> {
  try {
    // The reader's cache is keyed by record offset, not by address, so it keeps no address in memory.
    return await open<Response>(path);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new GeoDatabaseError(`${name} (${path}) is not a readable MaxMind database (.mmdb): ${why}`);
  }
}
