import type { Request } from 'express';
import type { Config } from '../../shared/config.js';
import type { ClientContext } from '../../shared/queue/contract.js';
import { truncateIp } from './ipPrefix.js';

/** Longer user agents are junk or attacks; the worker only needs enough to classify. */
const MAX_USER_AGENT_CHARS = 512;

/**
 * What the job may know about the client: its user agent, a country from a trusted proxy
 * header (only when config names one) and a truncated IP (only when config asks for it).
 */
export function clientContext(req: Request, http: Config['http']): ClientContext {
  const ua = req.get('user-agent');
  return {
    userAgent: ua === undefined || ua === '' ? null : ua.slice(0, MAX_USER_AGENT_CHARS),
    country: http.geoCountryHeader === undefined ? null : countryCode(req.get(http.geoCountryHeader)),
    ipPrefix: http.ipStorage === 'truncate' ? truncateIp(req.ip) : null,
  };
}

function countryCode(value: string | undefined): string | null {
  const code = value?.trim().toUpperCase();
  return code !== undefined && /^[A-Z]{2}$/.test(code) ? code : null;
}
