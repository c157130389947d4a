import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { pino } from 'pino';
import { REALTIME_READ_TTL_MS, RealtimeReader } from '../../../api/stats/realtime/reader.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../worker/normalize/types.js';
import { EventWriter } from '../../../worker/persist/eventWriter.js';
import { REALTIME_WRITE_TIMEOUT_MS, RealtimeRecorder } from '../../../worker/realtime/RealtimeRecorder.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count, event, insertProject, job } from '../worker/helpers.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';

function row(projectId: string, raw: Record<string, unknown>, receivedAt: number): NormalizedEvent {
  const r = normalizeEvent(raw, job(projectId, [], { receivedAt }), { maxEventAgeMs: 90 * 86_400_000 });
  if (r instanceof ToDeadLetter) throw new Error(r.describe());
  return r;
}

describe('realtime: the recorder’s cap and its failures', function () {
  this.timeout(20_000);
  let t: TestEnv;
  let redis: RedisClient;
  let projectId: string;
  beforeEach(async () => {
    t = await createTestEnv();
    redis = createRedis(t.config, 'plain');
    projectId = await insertProject(t.pool, 'UTC');
  });
  afterEach(async () => {
    redis.disconnect();
    await t.cleanup();
  });

  it('when a minute holds more visitors than the cap then the answer counts the cap and says capped, and a member already in stays counted once', async () => {
    const recorder = new RealtimeRecorder(redis, { prefix: t.config.redis.prefix, maxMembersPerMinute: 2, log: silentLog });
    let now = Date.now();
    // The clock moves past the shared answer's life between the two reads.
    const reader = new RealtimeReader(redis, t.pool, { prefix: t.config.redis.prefix, now: () => now });
    const views = [randomUUID(), randomUUID(), randomUUID()].map((visitorId) => row(projectId, event('page_view', now - 1000, { visitorId }), now));
    await recorder.record(views.slice(0, 2));
    let answer = await reader.read(projectId);
    expect(answer.capped).to.equal(false);
    expect(answer.active.last5Minutes.visitors).to.equal(2);

    await recorder.record(views);
    now += REALTIME_READ_TTL_MS;
    answer = await reader.read(projectId);
    expect(answer.capped).to.equal(true);
    expect(answer.active.last5Minutes.visitors).to.equal(2);
    expect(answer.totals.pageviews).to.equal(2);
    expect(answer.top.pages.reduce((n, p) => n + p.pageviews, 0)).to.equal(2);
  });

  it('when Redis is down then the batch is still stored, the failure is logged once, and the realtime part fails at once', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    // The worker's own kind of connection, to a port nothing listens on: it keeps reconnecting.
    const dead = createRedis({ redis: { ...t.config.redis, url: 'redis://127.0.0.1:1' } }, 'realtime');
    dead.on('error', () => undefined);
    const writer = new EventWriter(t.pool, new RealtimeRecorder(dead, { prefix: t.config.redis.prefix, maxMembersPerMinute: 100, log }));
    const now = Date.now();
    const items = [event('page_view', now - 1000), event('widget_open', now - 500)].map((raw) => ({ row: row(projectId, raw, now), timezone: 'UTC' }));
    expect(await writer.write(items)).to.deep.equal({ inserted: 2, duplicates: 0, erased: 0 });
    expect(await count(t.pool, 'select count(*) as n from events where project_id = $1', [projectId])).to.equal(2);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('realtime figures not written');
    // No offline queue: a batch does not wait out REALTIME_WRITE_TIMEOUT_MS for a Redis that is down.
    const started = performance.now();
    await new RealtimeRecorder(dead, { prefix: t.config.redis.prefix, maxMembersPerMinute: 100, log }).record(items.map((i) => i.row));
    expect(performance.now() - started).to.be.below(REALTIME_WRITE_TIMEOUT_MS / 2);
    expect(lines).to.have.length(2);
    dead.disconnect();
  });
});
