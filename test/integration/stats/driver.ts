import { Queue } from 'bullmq';
import type pg from 'pg';
import type { Config } from '../../../shared/config.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE } from '../../../shared/queue/contract.js';
import { SHOP_ORIGIN, wireEvent } from '../../helpers/scenario/generate.js';
import { isDerived } from '../../helpers/scenario/segmentDerive.js';
import type { PlannedPost, Scenario, ScenarioEvent, SegmentBatch } from '../../helpers/scenario/types.js';
import { waitFor } from '../../helpers/processes.js';

/**
 * The client's place as a trusted proxy reports it (the server must run with TRUST_PROXY_HOPS=1
 * and GEO_COUNTRY_HEADER=CF-IPCountry): the client address appended to X-Forwarded-For, and the
 * proxy's country header.
 */
function placeHeaders(post: PlannedPost): Record<string, string> {
  const headers: Record<string, string> = {};
  if (post.place.ip !== undefined) headers['x-forwarded-for'] = post.place.ip;
  if (post.place.countryHeader !== undefined) headers['cf-ipcountry'] = post.place.countryHeader;
  return headers;
}

/** Talks to a running web server the way the widget, the admin UI and a dashboard do. */
export class Driver {
  constructor(readonly baseUrl: string) {}

  async admin(adminKey: string, method: string, path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.baseUrl}/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  }

  /** Saves a funnel and answers its id. */
  async createFunnel(adminKey: string, funnel: unknown): Promise<string> {
    const res = await fetch(`${this.baseUrl}/v1/admin/funnels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(funnel),
    });
    const body = (await res.json()) as { id?: string };
    if (res.status !== 201 || typeof body.id !== 'string') throw new Error(`admin POST /funnels: ${res.status} ${JSON.stringify(body)}`);
    return body.id;
  }

  /**
   * The catalog (videos, slots with branch links) and the conversion rules, through the admin
   * API, in the order it requires: videos, then slots, then the links between slots.
   */
  async setUpCatalog(adminKey: string, s: Scenario): Promise<void> {
    for (const v of s.videos) await this.admin(adminKey, 'POST', '/videos', { videoId: v.videoId, title: v.title });
    for (const v of s.videos) {
      for (const slot of v.slots) {
        await this.admin(adminKey, 'POST', '/slots', {
          slotId: slot.slotId,
          videoId: v.videoId,
          ctaLabel: slot.ctaLabel,
          ctaUrl: 'https://shop.example/cart',
          detailLabel: 'Details',
        });
      }
    }
    for (const slot of s.videos.flatMap((v) => v.slots)) await this.admin(adminKey, 'PATCH', `/slots/${slot.slotId}`, { links: slot.links });
    for (const r of s.rules) await this.admin(adminKey, 'POST', '/conversion-rules', r);
  }

  /** One request; every event must be accepted (202, nothing rejected). */
  async post(writeKey: string, post: PlannedPost, index: number): Promise<void> {
    const events = post.events.map((e) => wireEvent(e, post));
    const body: Record<string, unknown> = { key: writeKey, events };
    if (post.clock) body.sentAt = Date.now() + post.clock.sentAtOffsetMs;
    // Beacons send text/plain; the SDK sends JSON.
    const contentType = index % 2 === 0 ? 'text/plain;charset=UTF-8' : 'application/json';
    const res = await fetch(`${this.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, origin: SHOP_ORIGIN, 'user-agent': post.userAgent, ...placeHeaders(post) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`POST /v1/events: ${res.status} ${text.slice(0, 500)}`);
    const answer = JSON.parse(text) as { accepted?: unknown; rejected?: unknown };
    if (answer.accepted !== post.events.length || !Array.isArray(answer.rejected) || answer.rejected.length > 0) {
      throw new Error(`POST /v1/events: expected all ${post.events.length} accepted, got ${text.slice(0, 500)}`);
    }
  }

  /** Posts every request of a phase, a few at a time (originals and resends interleaved). */
  async postPhase(writeKey: string, s: Scenario, phase: 1 | 2, concurrency = 4): Promise<number> {
    const posts = s.posts.filter((p) => p.phase === phase);
    let next = 0;
    const worker = async () => {
      while (next < posts.length) {
        const i = next++;
        await this.post(writeKey, posts[i]!, i);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return posts.length;
  }

  /**
   * One batch as a Segment server library posts it: the write key as HTTP Basic user, JSON, no
   * Origin (so only the messages' own context describes the visitor). Every message must be accepted.
   */
  async postSegment(writeKey: string, batch: SegmentBatch): Promise<void> {
    const res = await fetch(`${this.baseUrl}${batch.route}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json', 'user-agent': 'analytics-node-next/3.1.0' },
      body: JSON.stringify({ batch: batch.messages }),
    });
    const text = await res.text();
    const answer = (res.status === 200 ? JSON.parse(text) : {}) as { accepted?: unknown; rejected?: unknown };
    if (answer.accepted !== batch.messages.length || !Array.isArray(answer.rejected) || answer.rejected.length > 0) {
      throw new Error(`POST ${batch.route}: expected all ${batch.messages.length} accepted, got ${res.status} ${text.slice(0, 500)}`);
    }
  }

  /** The tracker's requests and the Segment batches of a phase, a few at a time. */
  async postAll(writeKey: string, s: Scenario, phase: 1 | 2, concurrency = 4): Promise<void> {
    const batches = (s.segment?.batches ?? []).filter((b) => b.phase === phase);
    let next = 0;
    const segment = async () => {
      while (next < batches.length) await this.postSegment(writeKey, batches[next++]!);
    };
    await Promise.all([this.postPhase(writeKey, s, phase, concurrency), segment(), segment()]);
  }

  async stats(readKey: string, endpoint: string, params: Record<string, string>): Promise<unknown> {
    const query = new URLSearchParams(params).toString();
    const res = await fetch(`${this.baseUrl}/v1/stats/${endpoint}?${query}`, { headers: { authorization: `Bearer ${readKey}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET /v1/stats/${endpoint}?${query}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  }
}

interface StoredRow {
  event_id: string;
  occurred_at: Date;
  is_bot: boolean;
  type: string;
  visitor_id: string;
}

const contentKey = (type: string, visitorId: string, at: number) => `${type}|${visitorId}|${at}`;

/** Waits until the ingest queue holds no job that is waiting, active or delayed. */
export async function waitForQueueDrain(config: Config, timeoutMs = 60_000): Promise<void> {
  const connection = createRedis(config, 'plain');
  const queue = new Queue(INGEST_QUEUE, { connection, prefix: config.redis.prefix });
  try {
    await waitFor(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      },
      timeoutMs,
      'an empty ingest queue',
    );
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/**
 * Waits until the project holds `events` and the queue is empty (so a resend stored twice
 * would show), then checks each row: exactly the scenario's ids, corrected time, bot flag.
 */
export async function waitUntilStored(config: Config, pool: pg.Pool, projectId: string, events: readonly ScenarioEvent[], skewed: ReadonlySet<string>, timeoutMs = 60_000): Promise<void> {
  await waitForQueueDrain(config, timeoutMs);
  // An empty queue means every job was written; a short wait covers the last commit, and a
  // count that never arrives is listed row by row below rather than as a time-out.
  await waitFor(
    async () => {
      const { rows } = await pool.query<{ n: string }>('select count(*) as n from events where project_id = $1', [projectId]);
      return Number(rows[0]!.n) >= events.length ? true : undefined;
    },
    5000,
    `${events.length} stored events`,
  ).catch(() => undefined);
  const { rows } = await pool.query<StoredRow>('select event_id, occurred_at, is_bot, type, visitor_id from events where project_id = $1', [projectId]);
  const want = new Map(events.filter((e) => !isDerived(e)).map((e) => [e.id, e]));
  // Events derived from Video Spec signals have the server's ids: matched by type, visitor and time.
  const derived = new Map<string, ScenarioEvent[]>();
  for (const e of events.filter(isDerived)) derived.set(contentKey(e.type, e.visitorId, e.at), [...(derived.get(contentKey(e.type, e.visitorId, e.at)) ?? []), e]);
  const problems: string[] = [];
  if (rows.length !== events.length) problems.push(`${rows.length} rows stored, expected ${events.length}`);
  for (const r of rows) {
    const e = want.get(r.event_id) ?? derived.get(contentKey(r.type, r.visitor_id, r.occurred_at.getTime()))?.pop();
    if (!e) {
      problems.push(`unexpected event ${r.type} ${r.event_id} of ${r.visitor_id} at ${r.occurred_at.toISOString()}`);
      continue;
    }
    const dt = r.occurred_at.getTime() - e.at;
    // Skewed clients are corrected with sentAt, which adds the request's transit time (ms).
    if (skewed.has(e.id) ? dt < 0 || dt > 5000 : dt !== 0) problems.push(`${e.type} ${e.id}: occurred_at off by ${dt} ms`);
    if (r.is_bot !== e.bot) problems.push(`${e.type} ${e.id}: is_bot ${r.is_bot}, expected ${e.bot}`);
  }
  for (const left of derived.values()) for (const e of left) problems.push(`${e.type} derived at ${new Date(e.at).toISOString()} for ${e.visitorId} not stored`);
  const dead = await pool.query<{ n: string }>('select count(*) as n from dead_letters');
  if (Number(dead.rows[0]!.n) > 0) problems.push(`${dead.rows[0]!.n} dead letters`);
  if (problems.length > 0) throw new Error(`stored events differ from the scenario:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

/** Ids of events whose corrected time includes transit time (their request carried a skewed sentAt). */
export function skewedIds(s: Scenario): Set<string> {
  const ids = new Set<string>();
  for (const p of s.posts) if (p.clock && !p.duplicate) for (const e of p.events) ids.add(e.id);
  return ids;
}
