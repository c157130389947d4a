import { buildMmdb, uint, type MmdbValue } from './mmdb.js';

/**
 * Two made-up databases in the layouts the web process reads, over the documentation-free
 * public ranges tests use as client addresses. Nothing here is real geography data.
 */
export const TEST_IPS = {
  /** In both databases: Lyon in the city database, FR in the country one. */
  lyon: '81.250.7.9',
  /** IPv6, in both: Osaka / JP. */
  osaka: '2400:4050:1:2::7',
  /** Only in the country database (the city database has no entry): DE. */
  countryOnly: '91.64.3.3',
  /** In the city database with a country but no subdivision, city or location. */
  bare: '45.90.1.1',
  /** In neither. */
  unknown: '8.8.4.4',
} as const;

/** Country records as ip-location-db writes them (a flat `country_code`) and as MaxMind does (`country.iso_code`). */
export function countryDb(layout: 'flat' | 'maxmind' = 'maxmind'): Buffer {
  const record = (code: string): Record<string, MmdbValue> => (layout === 'flat' ? { country_code: code } : { country: { iso_code: code, geoname_id: uint(3_017_382) } });
  return buildMmdb(
    [
      { cidr: '81.250.0.0/16', record: record('FR') },
      { cidr: '91.64.0.0/14', record: record('DE') },
      { cidr: '2400:4000::/22', record: record('JP') },
    ],
    { databaseType: 'Cuepoint-Test-Country' },
  );
}

export function cityDb(): Buffer {
  return buildMmdb(
    [
      {
        cidr: '81.250.0.0/18',
        record: {
          city: { geoname_id: uint(2_996_944), names: { en: 'Lyon', fr: 'Lyon' } },
          country: { iso_code: 'FR', names: { en: 'France' } },
          location: { accuracy_radius: uint(20), latitude: 45.7485, longitude: 4.8467, time_zone: 'Europe/Paris' },
          subdivisions: [{ iso_code: 'ARA', names: { en: 'Auvergne-Rhône-Alpes' } }, { iso_code: '69', names: { en: 'Rhône' } }],
        },
      },
      {
        cidr: '2400:4050::/32',
        record: {
          city: { names: { en: 'Osaka', ja: '大阪市' } },
          country: { iso_code: 'JP' },
          location: { latitude: 34.6937, longitude: 135.5023 },
          subdivisions: [{ names: { en: 'Ōsaka' } }],
        },
      },
      { cidr: '45.90.0.0/16', record: { country: { iso_code: 'NL' } } },
    ],
    { databaseType: 'Cuepoint-Test-City', languages: ['en', 'fr', 'ja'] },
  );
}
