import type { Request } from 'express';
import type { Config } from '../../shared/config.js';
import type { ClientContext } from '../../shared/queue/contract.js';
import type { GeoLookup } from '../geo/GeoLookup.js';
import { NO_PLACE, type Place } from '../geo/Place.js';
import { isoCountry } from '../geo/records.js';
import { truncateIp } from './ipPrefix.js';
import { primaryLanguage } from './language.js';

/** Longer user agents are junk or attacks; the worker only needs enough to classify. */
const MAX_USER_AGENT_CHARS = 512;

/**
 * What the job may know about the client: its user agent, its language, the place its address
 * resolves to (the country from a trusted proxy header instead, when config names one) and a
 * truncated IP (only when config asks for it). The address itself stops here.
 */
export function clientContext(req: Request, http: Config['http'], geo: GeoLookup): ClientContext {
  return contextOf(requestFacts(req, http), http, geo);
}

/** What a request's own headers and address say about its sender. */
export function requestFacts(req: Request, http: Config['http']): ClientFacts {
  return {
    userAgent: req.get('user-agent'),
    ip: req.ip,
    acceptLanguage: req.get('accept-language'),
    proxyCountry: http.geoCountryHeader === undefined ? undefined : req.get(http.geoCountryHeader),
  };
}

/** The raw facts about one end user, from a request's headers or from a message that reports them. */
export interface ClientFacts {
  userAgent: string | undefined;
  ip: string | undefined;
  /** An Accept-Language value; a single locale such as `en-US` is one too. */
  acceptLanguage: string | undefined;
  /** The trusted proxy's country header; only meaningful when `ip` is the request's own. */
  proxyCountry: string | undefined;
}

/** The same reduction for facts that do not come from the request itself (a Segment message's `context`). */
export function contextOf(facts: ClientFacts, http: Config['http'], geo: GeoLookup): ClientContext {
  const ua = facts.userAgent;
  const place = withProxyCountry(geo.place(facts.ip), facts.proxyCountry === undefined ? null : countryCode(facts.proxyCountry));
  return {
    userAgent: ua === undefined || ua === '' ? null : ua.slice(0, MAX_USER_AGENT_CHARS),
    country: place.country,
    region: place.region,
    city: place.city,
    latitude: place.latitude,
    longitude: place.longitude,
    language: primaryLanguage(facts.acceptLanguage),
    ipPrefix: http.ipStorage === 'truncate' ? truncateIp(facts.ip) : null,
  };
}

/**
 * The operator's proxy knows the country better than a database that may be months old, so its
 * header wins; a region and city of another country would then contradict it, so they go too.
 */
function withProxyCountry(place: Place, proxyCountry: string | null): Place {
  if (proxyCountry === null || proxyCountry === place.country) return place;
  return { ...NO_PLACE, country: proxyCountry };
}

function countryCode(value: string | undefined): string | null {
  const code = isoCountry(value?.trim());
  // Cloudflare sends XX when it does not know (and T1 for Tor, which isoCountry refuses).
  return code === 'XX' ? null : code;
}
