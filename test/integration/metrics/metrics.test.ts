import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import pg from 'pg';
import { createApp, type AppDeps } from '../../../api/app.js';
import { loadConfig } from '../../../shared/config.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { REJECTION_REASONS } from '../../../api/metrics/rejectionReasons.js';
import { QUEUE_NAMES, QUEUE_STATES } from '../../../shared/telemetry/queueDepths.js';
import { recordRollupDuration } from '../../../shared/telemetry/rollupDurations.js';
import { createTestEnv, silentLog } from '../../helpers/services.js';
import { ev, startHarness, type Harness } from '../api/harness.js';
import { segmentPost, track } from '../segment/client.js';
import { labelSets, sample, scrape } from './scrape.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const YEAR_MS = 365 * 86_400_000;

describe('GET /metrics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
  });
  after(async () => {
    await h.close();
  });

  it('when scraped with the token then it is Prometheus text that parses, with process metrics prefixed cuepoint_ and labelled role=web', async () => {
    const s = await scrape(h.web.url, TOKEN);
    expect(s.status).to.equal(200);
    expect(s.contentType).to.match(/^text\/plain; version=0\.0\.4/);
    expect(s.families.length).to.be.greaterThan(20);
    expect(sample(s.families, 'cuepoint_process_resident_memory_bytes', { role: 'web' })).to.be.greaterThan(0);
    expect(s.families.map((f) => f.name)).to.include('cuepoint_nodejs_eventloop_lag_seconds');
  });

  it('when a batch with good and bad events and a wholly rejected one are posted then accepted and rejected moved by exactly their counts', async () => {
    const counters = async () => {
      const { families } = await scrape(h.web.url, TOKEN);
      return {
        accepted: sample(families, 'cuepoint_events_accepted_total', { source: 'events' }),
        unknownType: sample(families, 'cuepoint_events_rejected_total', { source: 'events', reason: 'unknown_type' }),
        tooOld: sample(families, 'cuepoint_events_rejected_total', { source: 'events', reason: 'ts_too_old' }),
        missing: sample(families, 'cuepoint_events_rejected_total', { source: 'events', reason: 'missing_field' }),
      };
    };
    const before = await counters();
    const batch = { events: [ev.pageView(), ev.base('no_such_type'), ev.play(), ev.pageView()] };
    expect((await h.post(batch, { key: h.project.writeKey })).status).to.equal(202);
    const old = { events: [ev.pageView({ ts: Date.now() - 10 * YEAR_MS }), ev.pageView({ ts: Date.now() - 10 * YEAR_MS })] };
    expect((await h.post(old, { key: h.project.writeKey })).status).to.equal(400);
    const after = await counters();
    expect(after.accepted! - before.accepted!).to.equal(3);
    expect(after.unknownType! - before.unknownType!).to.equal(1);
    expect(after.tooOld! - before.tooOld!).to.equal(2);
    expect(after.missing! - before.missing!).to.equal(0);
  });

  it('when a Segment batch mixes good and bad messages then the segment counters moved by exactly their counts', async () => {
    const counters = async () => {
      const { families } = await scrape(h.web.url, TOKEN);
      return {
        accepted: sample(families, 'cuepoint_events_accepted_total', { source: 'segment' })!,
        rejected: REJECTION_REASONS.reduce((n, reason) => n + sample(families, 'cuepoint_events_rejected_total', { source: 'segment', reason })!, 0),
        events: sample(families, 'cuepoint_events_accepted_total', { source: 'events' })!,
      };
    };
    const before = await counters();
    const batch = { batch: [track(), track(), track({ type: 'no_such_call' })] };
    const answer = await segmentPost(h, '/batch', batch, { key: h.project.writeKey });
    expect(answer.status).to.equal(200);
    const after = await counters();
    expect(after.accepted - before.accepted).to.equal(2);
    expect(after.rejected - before.rejected).to.equal(1);
    expect(after.events - before.events).to.equal(0);
  });

  it('when events wait in the ingest queue then the queue gauges show them for every queue and state, with the oldest job\'s age', async () => {
    expect((await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey })).status).to.equal(202);
    const { families } = await scrape(h.web.url, TOKEN);
    const sets = labelSets(families, 'cuepoint_queue_jobs');
    for (const queue of QUEUE_NAMES) for (const state of QUEUE_STATES) expect(sets, `${queue} ${state}`).to.deep.include({ queue, state });
    // No worker runs in this test: every accepted request is still waiting.
    expect(sample(families, 'cuepoint_queue_jobs', { queue: 'ingest', state: 'waiting' })).to.be.at.least(1);
    expect(sample(families, 'cuepoint_queue_oldest_waiting_seconds', { queue: 'ingest' })).to.be.greaterThan(0);
    expect(sample(families, 'cuepoint_queue_oldest_waiting_seconds', { queue: 'rollup' })).to.equal(0);
    expect(sample(families, 'cuepoint_metrics_scrape_errors', { source: 'queues' })).to.equal(0);
  });

  it('when a request names ids in its path then it is counted under the route pattern and no label holds the id', async () => {
    const videoId = `v-${randomUUID()}`;
    expect((await h.admin('GET', `/videos/${videoId}`)).status).to.equal(404);
    const lost = `/nowhere/${randomUUID()}`;
    expect((await h.request('GET', lost)).status).to.equal(404);
    const s = await scrape(h.web.url, TOKEN);
    expect(sample(s.families, 'cuepoint_http_requests_total', { route: '/v1/admin/videos/:videoId', method: 'GET', status: '404' })).to.equal(1);
    expect(sample(s.families, 'cuepoint_http_requests_total', { route: '(unmatched)', method: 'GET', status: '404' })).to.be.at.least(1);
    // An ingest refusal leaves the router through the error handler: still named by its route.
    expect(sample(s.families, 'cuepoint_http_requests_total', { route: '/v1/events', method: 'POST', status: '400' })).to.be.at.least(1);
    expect(s.text).not.to.include(videoId);
    expect(s.text).not.to.include(lost);
    const latency = s.families.find((f) => f.name === 'cuepoint_http_request_duration_seconds');
    expect(latency?.type).to.equal('HISTOGRAM');
  });

  it('when the token is wrong or missing then 401, and the answer holds no metric', async () => {
    for (const token of ['wrong-token-wrong-token-wrong', undefined]) {
      const s = await scrape(h.web.url, token);
      expect(s.status).to.equal(401);
      expect(JSON.parse(s.text)).to.deep.include({ error: { code: 'invalid_metrics_token', message: 'send Authorization: Bearer <METRICS_TOKEN>', field: 'authorization' } });
      expect(s.text).not.to.include('cuepoint_');
    }
  });

  it('when PostgreSQL holds a dead letter, a dirty day marked 10 minutes ago and a retention run then their gauges say so', async () => {
    const pool = h.t.pool;
    await pool.query(`insert into dead_letters (project_id, payload, reason, created_at) values ($1, '{}', 'malformed', now())`, [h.project.projectId]);
    await pool.query(`insert into dirty_days (project_id, day, seq, marked_at) values ($1, '2026-03-01', nextval('dirty_seq'), now() - interval '10 minutes')`, [h.project.projectId]);
    await pool.query(
      `insert into retention_runs (as_of, started_at, finished_at, duration_ms, partitions_dropped, rows_deleted, report)
       values (now(), '2026-03-02T03:00:00Z', '2026-03-02T03:00:05Z', 5000, 0, 0, '{}')`,
    );
    const { families } = await scrape(h.web.url, TOKEN);
    expect(sample(families, 'cuepoint_dead_letters')).to.equal(1);
    expect(sample(families, 'cuepoint_rollup_dirty_days')).to.equal(1);
    expect(sample(families, 'cuepoint_rollup_lag_seconds')).to.be.within(595, 700);
    expect(sample(families, 'cuepoint_rollup_failing_days')).to.equal(0);
    expect(sample(families, 'cuepoint_retention_last_run_timestamp_seconds')).to.equal(Date.parse('2026-03-02T03:00:05Z') / 1000);
    for (const source of ['rollups', 'dead_letters', 'retention']) expect(sample(families, 'cuepoint_metrics_scrape_errors', { source })).to.equal(0);
  });

  it('when workers recorded rollup durations in Redis then /metrics shows them as one cumulative histogram', async () => {
    const { prefix } = h.t.config.redis;
    for (const ms of [30, 400, 400, 7000]) await recordRollupDuration(h.redis, prefix, ms);
    const { families } = await scrape(h.web.url, TOKEN);
    const family = families.find((f) => f.name === 'cuepoint_rollup_duration_seconds');
    expect(family?.type).to.equal('HISTOGRAM');
    const histogram = family?.metrics[0];
    expect(histogram?.count).to.equal('4');
    expect(Number(histogram?.sum)).to.equal(7.83);
    expect(histogram?.buckets).to.include({ '0.05': '1', '0.25': '1', '0.5': '3', '5': '3', '10': '4', '+Inf': '4' });
  });
});

describe('GET /metrics: requests refused by a rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_PER_KEY: '1' } });
  });
  after(async () => {
    await h.close();
  });

  it('when a key sends more requests in a second than its limit then each 429 is counted under limit="key"', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => h.post({ events: [ev.pageView()] }, { key: h.project.writeKey })));
    const refused = answers.filter((a) => a.status === 429).length;
    expect(refused).to.be.at.least(1);
    const { families } = await scrape(h.web.url, TOKEN);
    expect(sample(families, 'cuepoint_rate_limited_requests_total', { limit: 'key' })).to.equal(refused);
    expect(sample(families, 'cuepoint_rate_limited_requests_total', { limit: 'ip' })).to.equal(0);
    expect(sample(families, 'cuepoint_http_requests_total', { route: '/v1/events', method: 'POST', status: '429' })).to.equal(refused);
  });
});

describe('GET /metrics without METRICS_TOKEN, and with PostgreSQL unreachable', () => {
  /** A web app on a socket, built with only what /metrics reads. */
  async function serve(env: Record<string, string>, deps: Partial<AppDeps>): Promise<{ url: string; close(): Promise<void> }> {
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    const app = createApp({ ...(deps as AppDeps), config, log: silentLog });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it('when METRICS_TOKEN is unset then /metrics is the ordinary 404, with or without a token', async () => {
    const web = await serve({}, {});
    try {
      for (const token of [TOKEN, undefined]) {
        const s = await scrape(web.url, token);
        expect(s.status).to.equal(404);
        expect(JSON.parse(s.text)).to.deep.equal({ error: { code: 'not_found', message: 'no route for GET /metrics' } });
      }
    } finally {
      await web.close();
    }
  });

  it('when PostgreSQL does not answer then /metrics still answers 200 with the queues and names the failed sources', async () => {
    const t = await createTestEnv();
    const redis = createRedis(t.config, 'producer');
    // Nothing listens on port 1: every connection is refused at once.
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
    const web = await serve({ METRICS_TOKEN: TOKEN, QUEUE_PREFIX: t.config.redis.prefix, REDIS_URL: t.config.redis.url ?? '' }, { redis, pool });
    try {
      const s = await scrape(web.url, TOKEN);
      expect(s.status).to.equal(200);
      for (const source of ['rollups', 'dead_letters', 'retention']) expect(sample(s.families, 'cuepoint_metrics_scrape_errors', { source }), source).to.equal(1);
      expect(sample(s.families, 'cuepoint_metrics_scrape_errors', { source: 'queues' })).to.equal(0);
      expect(sample(s.families, 'cuepoint_queue_jobs', { queue: 'ingest', state: 'waiting' })).to.equal(0);
      // Unknown is absent, never a zero that reads as "no lag".
      expect(sample(s.families, 'cuepoint_rollup_lag_seconds')).to.equal(undefined);
      expect(sample(s.families, 'cuepoint_dead_letters')).to.equal(undefined);
    } finally {
      await web.close();
      await pool.end();
      redis.disconnect();
      await t.cleanup();
    }
  });
});
