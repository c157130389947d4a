import { detectBot } from './bot.js';
import { boundColumns } from './bounds.js';
import { deviceColumns } from './device.js';
import { ToDeadLetter } from './toDeadLetter.js';
import { extractFields } from './fields.js';
import { classifyReferrer } from './referrer.js';
import { checkShape } from './shape.js';
import { correctEventTime } from './time.js';
import type { JobContext, NormalizedEvent } from './types.js';
import { normalizePageUrl, type PageUrl } from './url.js';
import { parseUserAgent } from './userAgent.js';

export interface NormalizeOptions {
  maxEventAgeMs: number;
}

/**
 * One event through the chain of pure steps. Each step returns its value or a ToDeadLetter,
 * and the first ToDeadLetter ends the chain. No I/O and no clock: the same job always yields
 * the same rows, which is what makes a re-run after a crash harmless. The last step caps
 * every text column (bounds.ts), so no accepted event can stop a rollup with an oversized key.
 */
export function normalizeEvent(raw: unknown, job: JobContext, options: NormalizeOptions): NormalizedEvent | ToDeadLetter {
  const shape = checkShape(raw);
  if (shape instanceof ToDeadLetter) return shape;
  const time = correctEventTime(shape.ts, job, options.maxEventAgeMs);
  if (time instanceof ToDeadLetter) return time;
  const fields = extractFields(shape);
  if (fields instanceof ToDeadLetter) return fields;
  const page = fields.url === null ? null : normalizePageUrl(fields.url, job.queryAllowlist);
  if (page instanceof ToDeadLetter) return page;
  const referrer = shape.type === 'page_view' ? classifyReferrer(fields.referrer, page?.host ?? null, job.queryAllowlist) : null;
  if (referrer instanceof ToDeadLetter) return referrer;
  const agent = parseUserAgent(job.context.userAgent);
  const device = deviceColumns(shape.raw, agent, job.context.language);
  if (device instanceof ToDeadLetter) return device;

  return boundColumns({
    project_id: job.projectId,
    event_id: shape.id,
    type: shape.type,
    occurred_at: new Date(time.occurredAt),
    client_ts: new Date(time.clientTs),
    received_at: new Date(job.receivedAt),
    visitor_id: shape.visitorId,
    session_id: shape.sessionId,
    ...fields.columns,
    ...pageColumns(page),
    referrer: referrer?.url ?? null,
    referrer_host: referrer?.host ?? null,
    referrer_class: referrer?.class ?? null,
    referrer_source: referrer?.source ?? null,
    referrer_platform: referrer?.platform ?? null,
    browser: agent.browser,
    browser_version: agent.browserVersion,
    os: agent.os,
    ...device,
    country: job.context.country,
    region: job.context.region ?? null,
    city: job.context.city ?? null,
    latitude: job.context.latitude ?? null,
    longitude: job.context.longitude ?? null,
    ip_prefix: job.context.ipPrefix,
    is_bot: detectBot(job.context.userAgent),
    props: fields.props,
    from_server: job.fromServer === true,
  });
}

function pageColumns(page: PageUrl | null) {
  if (!page) {
    return {
      url: null,
      page_key: null,
      url_host: null,
      url_path: null,
      utm_source: null,
      utm_medium: null,
      utm_campaign: null,
      utm_term: null,
      utm_content: null,
    };
  }
  return { url: page.url, page_key: page.pageKey, url_host: page.host, url_path: page.path, ...page.utm };
}
