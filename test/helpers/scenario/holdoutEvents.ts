import { BOT_AGENTS, type EventBody } from './generate.js';
import { bucketOf } from './holdoutMath.js';
import { derivedUuid } from './playbackEvents.js';
import type { PlannedPost, Scenario, ScenarioEvent } from './types.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;

/**
 * Adds `holdout` events to a generated scenario once the project's salt is known (it is drawn
 * when the project is created, after the scenario is generated). Every id is derived, no random
 * number is drawn, and every new event comes a few milliseconds after an existing impression
 * two days or more before the scenario's end, so the scenario's days and every event generated
 * before stay as they were. It sends:
 * - genuinely held-out visitors (bucket below the percent) who never see the widget: a page view
 *   and a holdout event per session, some converting (an order with a value, a lead), one coming
 *   back in a second session on a later day, the last one posted late (phase 2);
 * - a generated visitor whose bucket is below the percent and who had impressions (the percent
 *   was raised): held out over any range holding the claim, never exposed there;
 * - forged claims: an exposed visitor (bucket at or above the percent) claiming the percent, and
 *   a new visitor whose bucket is below the project's percent but not below the one it claims;
 * - a held-out bot with a conversion (counted with includeBots; its conversion never).
 */
export function addHoldout(s: Scenario, salt: string, percent: number): void {
  const added: { event: ScenarioEvent; post: Pick<PlannedPost, 'userAgent' | 'place' | 'bot'> }[] = [];
  const clientOf = new Map<string, PlannedPost>();
  for (const p of s.posts) if (!p.duplicate) for (const e of p.events) clientOf.set(e.id, p);
  const end = s.events[s.events.length - 1]!.at - 2 * 24 * HOUR;
  // Anchors: plain (unskewed, human, first-phase) impressions well before the scenario's end.
  const anchors = s.events.filter((e) => e.type === 'impression' && !e.bot && e.phase === 1 && e.at < end && clientOf.get(e.id)?.clock === undefined);
  const anchor = (i: number, of: number) => anchors[Math.floor(((i + 0.5) * anchors.length) / of)]!;
  const add = (visitorId: string, sessionId: string, at: number, body: EventBody, like: ScenarioEvent, o: { bot?: string; phase?: 1 | 2 } = {}) => {
    const client = clientOf.get(like.id)!;
    const event = { ...body, id: derivedUuid(`${s.name}/holdout/${added.length}`), at, visitorId, sessionId, bot: o.bot !== undefined, phase: o.phase ?? 1 };
    added.push({ event, post: { userAgent: o.bot ?? client.userAgent, place: client.place, bot: o.bot !== undefined } });
  };
  const visitorsWhere = (want: (bucket: number) => boolean, tag: string, count: number) => {
    const ids: string[] = [];
    for (let j = 0; ids.length < count; j++) {
      const id = derivedUuid(`${s.name}/${tag}/${j}`);
      if (want(bucketOf(salt, id))) ids.push(id);
    }
    return ids;
  };

  const held = visitorsWhere((b) => b < percent, 'held-out', 12);
  held.forEach((visitorId, i) => {
    const sessions = i === 5 ? 2 : 1;
    for (let k = 0; k < sessions; k++) {
      const like = anchor(i + 7 * k, held.length + 7);
      const sessionId = derivedUuid(`${visitorId}/session/${k}`);
      const url = like.type === 'impression' ? like.url : 'https://shop.example/';
      const phase = i === held.length - 1 ? 2 : 1;
      add(visitorId, sessionId, like.at + 1, { type: 'page_view', url }, like, { phase });
      add(visitorId, sessionId, like.at + 2, { type: 'holdout', percent, url }, like, { phase });
      if (i % 3 === 0) {
        const value = s.currency === 'JPY' ? 1200 * (i + 1) : Math.round(1999 * (i + 1)) / 100;
        add(visitorId, sessionId, like.at + 3, { type: 'conversion', conversionType: 'purchase', orderId: `${s.name.toUpperCase().slice(0, 3)}-H${i}`, value, currency: s.currency }, like, { phase });
      }
      if (i % 4 === 1) add(visitorId, sessionId, like.at + 4, { type: 'conversion', conversionType: 'lead' }, like, { phase });
    }
  });

  const generated = [...new Set(anchors.map((e) => e.visitorId))];
  const firstImpression = (visitorId: string) => anchors.find((e) => e.visitorId === visitorId)!;
  const raised = generated.find((v) => bucketOf(salt, v) < percent);
  const exposed = generated.find((v) => bucketOf(salt, v) >= percent);
  if (raised === undefined || exposed === undefined) throw new Error('the scenario has no visitor in or out of the holdout');
  for (const visitorId of [raised, exposed]) {
    const like = firstImpression(visitorId);
    add(visitorId, like.sessionId, like.at + 1, { type: 'holdout', percent }, like);
  }
  const [claimsTooMuch] = visitorsWhere((b) => b >= 1 && b < percent, 'forged', 1);
  const lowClaim = bucketOf(salt, claimsTooMuch!);
  const like = anchor(3, 5);
  add(claimsTooMuch!, derivedUuid(`${claimsTooMuch!}/session`), like.at + 1, { type: 'holdout', percent: lowClaim }, like);

  const [bot] = visitorsWhere((b) => b < percent, 'held-out-bot', 1);
  const botLike = anchor(2, 5);
  const botSession = derivedUuid(`${bot!}/session`);
  add(bot!, botSession, botLike.at + 1, { type: 'page_view', url: 'https://shop.example/' }, botLike, { bot: BOT_AGENTS[0] });
  add(bot!, botSession, botLike.at + 2, { type: 'holdout', percent }, botLike, { bot: BOT_AGENTS[0] });
  add(bot!, botSession, botLike.at + 3, { type: 'conversion', conversionType: 'lead' }, botLike, { bot: BOT_AGENTS[0] });

  // One request per visitor and phase, from the client of the anchor.
  const requests = new Map<string, PlannedPost>();
  for (const { event, post } of added) {
    const key = `${event.visitorId}|${event.phase}`;
    const known = requests.get(key);
    if (known) known.events.push(event);
    else requests.set(key, { ...post, phase: event.phase, isoTimestamps: false, duplicate: false, events: [event] });
  }
  s.posts.push(...requests.values());
  s.events.push(...added.map((a) => a.event));
  s.events.sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1));
  s.holdout = { salt, percent, raised, exposed, forged: claimsTooMuch!, bot: bot! };
}
