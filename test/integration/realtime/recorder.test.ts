import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { RealtimeReader } from '../../../api/stats/realtime/reader.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../worker/normalize/types.js';
import { EventWriter } from '../../../worker/persist/eventWriter.js';
import { RealtimeRecorder } from '../../../worker/realtime/RealtimeRecorder.js';
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
    const reader = new RealtimeReader(redis, t.pool, { prefix: t.config.redis.prefix });
    const now = Date.now();
    const views = [randomUUID(), randomUUID(), randomUUID()].map((visitorId) => row(projectId, event('page_view', now - 1000, { visitorId }), now));
    await recorder.record(views.slice(0, 2));
    let answer = await reader.read(projectId);
    expect(answer.capped).to.equal(false);
    expect(answer.active.last5Minutes.visitors).to.equal(2);

    await recorder.record(views);
    answer = await reader.read(projectId);
    expect(answer.capped).to.equal(true);
    expect(answer.active.last5Minutes.visitors).to.equal(2);
    expect(answer.totals.pageviews).to.equal(2);
    expect(answer.top.pages.reduce((n, p) => n + p.pageviews, 0)).to.equal(2);
  });

  it('when Redis refuses the realtime write then the batch is still stored and the failure is logged once', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    // Nothing listens on port 1: every command fails at once.
    const dead = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const writer = new EventWriter(t.pool, new RealtimeRecorder(dead, { prefix: t.config.redis.prefix, maxMembersPerMinute: 100, log }));
    const now = Date.now();
    const items = [event('page_view', now - 1000), event('widget_open', now - 500)].map((raw) => ({ row: row(projectId, raw, now), timezone: 'UTC' }));
    expect(await writer.write(items)).to.deep.equal({ inserted: 2, duplicates: 0, erased: 0 });
    expect(await count(t.pool, 'select count(*) as n from events where project_id = $1', [projectId])).to.equal(2);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('realtime figures not written');
    dead.disconnect();
  });
});
