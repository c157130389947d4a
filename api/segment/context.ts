import type { Config } from '../../shared/config.js';
import type { ClientContext } from '../../shared/queue/contract.js';
import type { GeoLookup } from '../geo/GeoLookup.js';
import { contextOf, type ClientFacts } from '../ingest/clientContext.js';
import type { MappedMessage } from './mapMessage.js';

/**
 * The end user's context for one message. A message reports its own device (`context.userAgent`,
 * `context.ip`, `context.locale`); what it leaves out comes from the request only when the
 * request is the end user's browser (`browser`, present when it came with an Origin). A server
 * library's request describes the shop's backend, so it never fills in a visitor's device.
 * The address is reduced to a place here and goes no further.
 */
export function messageContext(
  message: Pick<MappedMessage, 'userAgent' | 'ip' | 'locale'>,
  browser: ClientFacts | undefined,
  http: Config['http'],
  geo: GeoLookup,
): ClientContext {
  return contextOf(
    {
      userAgent: message.userAgent ?? browser?.userAgent,
      ip: message.ip ?? browser?.ip,
      acceptLanguage: message.locale ?? browser?.acceptLanguage,
      // The proxy's country header describes the request's address, not one the message names.
      proxyCountry: message.ip === undefined ? browser?.proxyCountry : undefined,
    },
    http,
    geo,
  );
}
