import type { Config } from '../config.js';

/** TLS options for `pg`; `no-verify` accepts the self-signed certificates of hosted add-ons. */
export function pgSsl(config: Pick<Config, 'database'>): false | { rejectUnauthorized: boolean } {
  switch (config.database.ssl) {
    case 'off':
      return false;
    case 'require':
      return { rejectUnauthorized: true };
    case 'no-verify':
      return { rejectUnauthorized: false };
  }
}

export function databaseUrl(config: Pick<Config, 'database'>): string {
  const url = config.database.url;
  if (!url) throw new Error('DATABASE_URL is not resolved; call resolveServices() first');
  return url;
}
