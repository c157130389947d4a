import type { Reader, Response } from 'maxmind';
import { NO_PLACE, type Place } from './Place.js';
import { publicAddress } from './publicAddress.js';
import { cityOf, countryOf } from './records.js';

/** Turns a client address into a place; the web process's only use of the address besides rate limits. */
export interface GeoLookup {
  place(ip: string | undefined): Place;
}

/** For apps built without databases (tests of other concerns): every address is nowhere. */
export const NO_GEO: GeoLookup = { place: () => ({ ...NO_PLACE }) };

/**
 * Lookups in open `.mmdb` readers: the country database always, the city database when the
 * operator has one. A city record's country wins (it is the richer, operator-chosen source);
 * the country database fills in when the city database has no entry or no country.
 */
export class MmdbGeoLookup implements GeoLookup {
  constructor(
    private readonly country: Reader<Response>,
    private readonly city: Reader<Response> | undefined,
  ) {}

  place(ip: string | undefined): Place {
    const address = publicAddress(ip);
    if (address === null) return { ...NO_PLACE };
    const cityRecord = this.city === undefined ? null : safeGet(this.city, address);
    const country = countryOf(cityRecord) ?? countryOf(safeGet(this.country, address));
    return { country, ...(cityRecord === null ? { region: null, city: null, latitude: null, longitude: null } : cityOf(cityRecord)) };
  }
}

/**
 * A reader throws on addresses it cannot parse and on a corrupt record; neither may turn a
 * client's request into a 5xx, and the error would carry the address, so it becomes "no record".
 */
function safeGet(reader: Reader<Response>, address: string): unknown {
  try {
    return reader.get(address);
  } catch {
    return null;
  }
}
