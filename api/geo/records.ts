import type { Place } from './Place.js';

/**
 * Reading a database record into a place. Records are whatever the file holds, so every field
 * is checked for its type and bounded; a record of another shape simply yields nulls.
 */

/** Stored names are keys of daily rows; the worker bounds them again, this keeps jobs small. */
const MAX_NAME_CHARS = 256;

/**
 * The country of a record: `country.iso_code` in MaxMind's layout (GeoLite2, DB-IP), or the
 * flat `country_code` of the ip-location-db country files.
 */
export function countryOf(record: unknown): string | null {
  const nested = field(field(record, 'country'), 'iso_code');
  return isoCountry(nested) ?? isoCountry(field(record, 'country_code'));
}

/** Region, city and rounded coordinates of a city record (country comes from `countryOf`). */
export function cityOf(record: unknown): Omit<Place, 'country'> {
  const subdivisions = field(record, 'subdivisions');
  const first: unknown = Array.isArray(subdivisions) ? subdivisions[0] : undefined;
  const location = field(record, 'location');
  const latitude = coordinate(field(location, 'latitude'), 90);
  const longitude = coordinate(field(location, 'longitude'), 180);
  const located = latitude !== null && longitude !== null;
  return {
    region: englishName(first),
    city: englishName(field(record, 'city')),
    latitude: located ? latitude : null,
    longitude: located ? longitude : null,
  };
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

/** An ISO 3166-1 alpha-2 code, upper case, or null for anything else. */
export function isoCountry(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

function englishName(value: unknown): string | null {
  const name = field(field(value, 'names'), 'en');
  if (typeof name !== 'string') return null;
  const trimmed = name.trim();
  if (trimmed === '') return null;
  // Cut by code points, so a long name never ends in half a surrogate pair.
  return trimmed.length <= MAX_NAME_CHARS ? trimmed : Array.from(trimmed).slice(0, MAX_NAME_CHARS).join('');
}

function coordinate(value: unknown, bound: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > bound) return null;
  // + 0 turns -0 (a rounded -0.001) into 0, which JSON and SQL print the same way.
  return Math.round(value * 100) / 100 + 0;
}
