import { httpUrl } from '../../shared/events/contractParts.js';
import { LIMITS } from '../../shared/events/limits.js';
import { cutAddress } from '../../shared/events/storedText.js';
import { customBody, type EventBody } from './eventBody.js';
import { withCampaign } from './campaign.js';
import { cutText, objectAt, Refusal, safeProperties, type JsonObject } from './messageFields.js';

/**
 * A Segment `page` call as a `page_view`. analytics.js fills `context.page` (and copies it into
 * `properties`); a server-side call usually has `properties` only, so each field is read from
 * the first of the two that holds a usable value.
 */
export function pageBody(message: JsonObject): EventBody | Refusal {
  const context = objectAt(message, 'context');
  const page = objectAt(context, 'page');
  const properties = objectAt(message, 'properties');

  const url = firstUrl([
    [page.url, 'context.page.url'],
    [properties.url, 'properties.url'],
  ]);
  if (url === undefined) return pageWithoutUrl(message);

  const fields: EventBody['fields'] = { type: 'page_view', url: fitUrl(withCampaign(url.value, message)) ?? url.value };
  const origins: Record<string, string> = { url: url.field };
  const title = firstText([
    [page.title, 'context.page.title'],
    [properties.title, 'properties.title'],
    [message.name, 'name'],
  ]);
  if (title) {
    // A title is shown, never matched: its start is as good as all of it.
    fields.title = cutText(title.value, LIMITS.titleChars);
    origins.title = title.field;
  }
  const referrer = firstUrl([
    [page.referrer, 'context.page.referrer'],
    [properties.referrer, 'properties.referrer'],
  ]);
  if (referrer) {
    fields.referrer = referrer.value;
    origins.referrer = referrer.field;
  }
  return { fields, origins };
}

/**
 * A page call with no http(s) address (a single-page app's `about:blank`, a desktop app) is still
 * a message the client sent: it is stored as the custom event `page`, with the page's name and
 * properties, never dropped.
 */
function pageWithoutUrl(message: JsonObject): EventBody | Refusal {
  const properties = safeProperties(message.properties, 'properties');
  if (properties instanceof Refusal) return properties;
  const name = typeof message.name === 'string' && clean(message.name) ? message.name : undefined;
  const props = name === undefined ? properties : { ...properties, name };
  return customBody('page', 'type', props, name === undefined ? { props: 'properties' } : { props: 'properties', 'props.name': 'name' });
}

interface Found {
  value: string;
  field: string;
}

/** The first candidate that is an http(s) URL the contract accepts, or can be cut to one. */
function firstUrl(candidates: readonly (readonly [unknown, string])[]): Found | undefined {
  for (const [value, field] of candidates) {
    if (typeof value !== 'string') continue;
    const url = clean(value) ? fitUrl(value) : undefined;
    if (url !== undefined) return { value: url, field };
  }
  return undefined;
}

function fitUrl(value: string): string | undefined {
  if (!httpUrl.safeParse(value).success) {
    // An address over the contract's length is still the page it names; the worker would cut it to this length anyway.
    if (value.length <= LIMITS.urlChars) return undefined;
    const cut = cutAddress(value, LIMITS.urlChars);
    return httpUrl.safeParse(cut).success ? cut : undefined;
  }
  return value;
}

function firstText(candidates: readonly (readonly [unknown, string])[]): Found | undefined {
  for (const [value, field] of candidates) {
    if (typeof value === 'string' && value !== '' && clean(value)) return { value, field };
  }
  return undefined;
}

/** No NUL and no lone surrogate: what no stored text may hold. */
function clean(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}
