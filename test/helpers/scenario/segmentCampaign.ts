/**
 * Segment's `context.campaign` on a page call, as the README's Segment mapping reads it: each of
 * `name`, `source`, `medium`, `term`, `content` becomes `utm_campaign`, `utm_source`,
 * `utm_medium`, `utm_term`, `utm_content` on the page's URL, only where the URL has no such
 * parameter of its own (what the URL says wins). Written for the oracle from that text.
 */
export interface SegmentCampaign {
  name?: string;
  source?: string;
  medium?: string;
  term?: string;
  content?: string;
}

const TAGS: readonly (readonly [keyof SegmentCampaign, string])[] = [
  ['name', 'utm_campaign'],
  ['source', 'utm_source'],
  ['medium', 'utm_medium'],
  ['term', 'utm_term'],
  ['content', 'utm_content'],
];

export function campaignedUrl(url: string, campaign: SegmentCampaign): string {
  const u = new URL(url);
  const own = new Set(u.searchParams.keys());
  let added = false;
  for (const [member, param] of TAGS) {
    const value = campaign[member];
    if (value === undefined || value === '' || own.has(param)) continue;
    u.searchParams.append(param, value);
    added = true;
  }
  return added ? u.href : url;
}
