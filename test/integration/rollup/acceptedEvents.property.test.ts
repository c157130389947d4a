import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { buildJob } from '../../../api/ingest/pipeline.js';
import type { CachedProject } from '../../../api/projects/snapshot.js';
import { LIMITS } from '../../../shared/events/limits.js';
import { DeadLetterSink } from '../../../worker/deadLetterSink.js';
import { Batcher } from '../../../worker/persist/batcher.js';
import { EventStore, type PendingEvent } from '../../../worker/persist/eventStore.js';
import { EventWriter } from '../../../worker/persist/eventWriter.js';
import { IngestProcessor } from '../../../worker/processor.js';
import { rollupDirtyDays } from '../../../worker/rollup/dirty.js';
import { BROWSER_UA } from '../../fuzz/headers.js';
import { fuzzedEvent } from '../../fuzz/ingestRequests.js';
import { obj, toJsonText, type Json } from '../../fuzz/json.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count } from '../worker/helpers.js';
import { addRule, createProject } from './helpers.js';

const RUNS = 25;
const SEED = 20_261_206;

/** Characters across the BMP's CJK block and beyond it, so addresses grow and do not compress. */
const wideChar = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0x1f300, max: 0x1f5ff }).map((c) => String.fromCodePoint(c)),
);
const wideText = (min: number, max: number) => fc.array(wideChar, { minLength: min, maxLength: max, size: 'max' }).map((cs) => cs.join(''));

/**
 * Accepted events at the edges of the contract, which the fuzzer's own generators rarely
 * reach: addresses that grow ninefold when encoded, the largest values and seconds, labels
 * and catalog ids at their caps.
 */
function edgeEvent(now: number): fc.Arbitrary<Json> {
  const base = fc.record({ id: fc.uuid(), visitorId: fc.uuid(), sessionId: fc.uuid(), ts: fc.integer({ min: now - 86_400_000, max: now }) });
  const longUrl = fc
    .tuple(wideText(200, 1000), fc.constantFrom('', '?q=', '?utm_source='), wideText(0, 20))
    .map(([path, query, value]) => `https://Shop.example/${path}${query}${value}`.slice(0, LIMITS.urlChars));
  const id128 = fc.stringMatching(/^[A-Za-z0-9._:-]{120,128}$/);
  const label = wideText(1, 128).map((s) => s.slice(0, LIMITS.labelChars));
  const fields = fc.oneof(
    fc.tuple(fc.constantFrom('widget_open', 'impression', 'page_view'), longUrl).map(([type, url]) => ({ type, url })),
    fc.tuple(longUrl, longUrl).map(([url, referrer]) => ({ type: 'page_view', url, referrer })),
    fc.tuple(fc.constantFrom(LIMITS.maxValue, -LIMITS.maxValue, 0.0001), label).map(([value, orderId]) => ({
      type: 'conversion',
      conversionType: 'purchase',
      value,
      currency: 'USD',
      orderId,
    })),
    fc.tuple(id128, id128, fc.uuid()).map(([videoId, slotId, playId]) => ({ type: 'video_time', videoId, slotId, playId, seconds: LIMITS.maxSeconds })),
    // The widest played range the contract takes: the rollup's per-second arrays must still fold it.
    fc.tuple(id128, id128, fc.uuid()).map(([videoId, slotId, playId]) => ({
      type: 'video_time', videoId, slotId, playId, seconds: LIMITS.maxSeconds, from: 0, to: LIMITS.maxMediaSeconds,
    })),
    fc.tuple(id128, id128, fc.uuid()).map(([videoId, slotId, playId]) => ({ type: 'video_play', videoId, slotId, playId, duration: LIMITS.maxMediaSeconds })),
    fc.tuple(id128, id128, label).map(([videoId, slotId, l]) => ({ type: 'click', videoId, slotId, target: 'choice', toSlotId: slotId, label: l })),
  );
  return fc.tuple(base, fields).map(([b, f]) => obj(Object.entries({ ...b, ...f }) as [string, Json][]));
}

interface Request {
  /** The `events` array as JSON text: parsed in the property, as the API parses a body (and printable when it fails). */
  events: string;
  userAgent: string | null;
}

function requests(now: number): fc.Arbitrary<Request[]> {
  const event = fc.oneof({ weight: 3, arbitrary: fuzzedEvent(now) }, { weight: 2, arbitrary: edgeEvent(now) });
  const request = fc.record({
    events: fc.array(event, { minLength: 1, maxLength: 12 }).map((evs) => toJsonText(evs)),
    userAgent: fc.constantFrom<string | null>(BROWSER_UA, 'curl/8.5.0', null, `Mozilla/5.0 ${'x'.repeat(500)}`),
  });
  return fc.array(request, { minLength: 1, maxLength: 4 });
}

/** The worker's ingest chain as `worker/server.ts` builds it, fed directly instead of through Redis. */
function workerChain(t: TestEnv) {
  const writer = new EventWriter(t.pool);
  const deadLetters = new DeadLetterSink(t.pool, silentLog, 100);
  const store = new EventStore({ writer, deadLetters, log: silentLog, retryBackoffMaxMs: 100 });
  const batcher = new Batcher<PendingEvent>({ maxEvents: 5000, flushMs: 5, flush: (items) => store.persist(items) });
  const processor = new IngestProcessor({ batcher, deadLetters, maxEventAgeMs: t.config.ingest.maxEventAgeMs, log: silentLog });
  return { processor, close: () => batcher.close() };
}

describe('rollup: any accepted events', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when random accepted events go through the worker then every dirty day rolls up and exactly the accepted events are stored', async function () {
    this.timeout(120_000);
    const now = Date.now();
    const chain = workerChain(t);
    try {
      await fc.assert(
        fc.asyncProperty(requests(now), fc.constantFrom('UTC', 'Asia/Tokyo', 'America/New_York'), async (batch, timezone) => {
          const p = await createProject(t.pool, { timezone, currency: 'USD' });
          await addRule(t.pool, p.id, 'pattern', 'https://shop.example/*');
          await addRule(t.pool, p.id, 'prefix', 'https://shop.example/%E4');
          await addRule(t.pool, p.id, 'exact', `https://shop.example/${'日'.repeat(200)}`);
          const project: CachedProject = {
            id: p.id,
            name: 'property',
            timezone,
            allowedOrigins: new Set(),
            formAllowlist: new Set(['plan']),
            queryAllowlist: ['q'],
            currency: 'USD',
            conversionWindowDays: 30,
            updatedAt: new Date(now),
            holdoutPercent: 0,
            holdoutSalt: '',
            segmentSlotProperty: 'slot_id',
          };
          const accepted = new Set<string>();
          for (const r of batch) {
            const events = JSON.parse(r.events) as unknown[];
            const request = { receivedAt: now, sentAt: undefined, events, context: { userAgent: r.userAgent, country: 'JP', ipPrefix: null } };
            const { job } = buildJob(request, project, t.config.ingest, false);
            if (!job) continue;
            for (const e of job.events) accepted.add(e.id.toLowerCase());
            // Job data goes through Redis as JSON.
            await chain.processor.process({ id: randomUUID(), data: JSON.parse(JSON.stringify(job)) as unknown });
          }

          await rollupDirtyDays(t.pool, { projectId: p.id });

          expect(await count(t.pool, `select count(*) as n from dirty_days where project_id = $1`, [p.id]), 'days left dirty').to.equal(0);
          expect(await count(t.pool, `select count(*) as n from dead_letters where project_id = $1`, [p.id]), 'dead letters').to.equal(0);
          const { rows } = await t.pool.query<{ id: string }>(`select event_id::text as id from events where project_id = $1`, [p.id]);
          expect(new Set(rows.map((r) => r.id))).to.deep.equal(accepted);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      await chain.close();
    }
  });
});
