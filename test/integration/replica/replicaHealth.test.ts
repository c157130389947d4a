import { expect } from 'chai';
import pg from 'pg';
import { startWeb, type WebServer } from '../../../api/server.js';
import { judgeReadReplica, readReadReplica } from '../../../cli/doctor/replicaCheck.js';
import { runDoctor } from '../../../cli/doctor/runDoctor.js';
import type { CheckResult } from '../../../cli/doctor/verdict.js';
import type { Config } from '../../../shared/config.js';
import { createReadPool } from '../../../shared/db/pool.js';
import { createRedis } from '../../../shared/queue/connection.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';
import { runRole, waitFor } from '../../helpers/processes.js';
import { silentLog } from '../../helpers/services.js';
import type { StreamingReplica } from '../../helpers/streamingReplica.js';
import { labelSets, sample, scrape } from '../metrics/scrape.js';
import { StandbyDeployment } from './standbyDeployment.js';

const TOKEN = 'metrics-token-for-replica-tests-0123';
/** Far below the default 16 MB, so a few hundred kB of writes put the standby past it. */
const LIMITS = { bytes: 256 * 1024, seconds: 30 };

describe('doctor and /metrics on a real streaming standby (DATABASE_READ_URL)', function () {
  this.timeout(60_000);
  let servers: StreamingReplica;
  let env: Record<string, string>;
  let config: Config;
  let primary: pg.Pool;
  let readPool: pg.Pool;
  let redis: RedisClient;
  let web: WebServer;
  const deployment = new StandbyDeployment();

  const replicaCheck = async () => judgeReadReplica(await readReadReplica(primary, readPool), LIMITS);
  const gauges = async () => {
    const { families } = await scrape(web.url, TOKEN);
    return {
      up: sample(families, 'cuepoint_read_replica_up'),
      lagBytes: sample(families, 'cuepoint_read_replica_lag_bytes'),
      scrapeError: sample(families, 'cuepoint_metrics_scrape_errors', { source: 'read_replica' }),
    };
  };

  before(async () => {
    await deployment.start('replica-health', { METRICS_TOKEN: TOKEN });
    ({ servers, env, config, primary } = deployment);
    const opened = createReadPool(config, 1);
    if (!opened) throw new Error('DATABASE_READ_URL is set: a read pool was expected');
    readPool = opened;
    deployment.onClose(() => readPool.end());
    redis = createRedis(config, 'plain');
    deployment.onClose(() => Promise.resolve(redis.disconnect()));
    web = await startWeb(config, silentLog);
    deployment.onClose(() => web.close());
    await servers.caughtUp();
  });

  after(async () => {
    await deployment.close();
  });

  it('when the standby has caught up then the doctor lists read-replica as ok and /metrics shows it up and (about) 0 bytes behind', async () => {
    const results = await runDoctor({ config, redis, pool: primary, readPool });
    const check = results.find((r) => r.check === 'read-replica');
    expect(check?.status, check?.found).to.equal('ok');
    expect(check?.found).to.match(/^standby of this database, /);
    const seen = await gauges();
    expect(seen.up).to.equal(1);
    expect(seen.scrapeError).to.equal(0);
    // The primary may log a record of its own between the two reads; never a real backlog.
    expect(seen.lagBytes).to.be.within(0, 64 * 1024);
  });

  it('when the primary has been idle then the age of the newest replayed commit is no lag: ok even with a 1 s limit', async () => {
    const newestCommitAge = async () => {
      const { rows } = await readPool.query<{ s: number }>(`select extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as s`);
      return rows[0]?.s ?? 0;
    };
    await waitFor(async () => ((await newestCommitAge()) > 2 ? true : undefined), 10_000, 'an idle primary');
    const verdict = judgeReadReplica(await readReadReplica(primary, readPool), { bytes: LIMITS.bytes, seconds: 1 });
    expect(verdict, verdict.found).to.deep.equal({ status: 'ok', found: 'standby of this database, caught up', advice: '' });
  });

  it('when replay is paused and the primary writes past the limit then the check warns with the lag and the older ETag, and the gauge reads those bytes; resumed, it is ok again', async () => {
    await servers.pauseReplay();
    try {
      await primary.query(`create table filler as select g, repeat('x', 100) as pad from generate_series(1, 5000) g`);
      const verdict = await replicaCheck();
      expect(verdict.status, verdict.found).to.equal('warn');
      expect(verdict.found).to.match(/^standby of this database, [\d.]+ (kB|MB) behind, newest replayed commit \d+ s old; replay paused$/);
      expect(verdict.advice).to.match(/^resume replay on the standby .*; it is past 256\.0 kB or 30 s behind: .*; until it catches up, stats show its older figures under their own older ETag$/);
      const seen = await gauges();
      expect(seen.up).to.equal(1);
      expect(seen.lagBytes).to.be.at.least(LIMITS.bytes);
    } finally {
      await servers.resumeReplay();
    }
    await servers.caughtUp();
    expect((await replicaCheck()).status).to.equal('ok');
    await primary.query('drop table filler');
  });

  it('when DATABASE_READ_URL is unset then /metrics shows no replica gauge and no read_replica source', async () => {
    const alone = await startWeb(deployment.primaryOnly, silentLog);
    try {
      const { families } = await scrape(alone.url, TOKEN);
      const names = families.map((f) => f.name);
      expect(names).to.include('cuepoint_metrics_scrape_errors');
      expect(names.filter((n) => n.startsWith('cuepoint_read_replica_'))).to.deep.equal([]);
      expect(labelSets(families, 'cuepoint_metrics_scrape_errors').map((l) => l.source)).to.not.include('read_replica');
    } finally {
      await alone.close();
    }
  });

  it('when DATABASE_READ_URL names the primary itself then the check warns that it is not in recovery', async () => {
    const verdict = judgeReadReplica(await readReadReplica(primary, primary));
    expect(verdict.status).to.equal('warn');
    expect(verdict.found).to.equal('not in recovery: a primary (the server of DATABASE_URL itself), not a replica of this database');
  });

  it('when run as a command with DATABASE_READ_URL then --json holds the read-replica check, ok', async () => {
    const run = await runRole('cli/main.ts', env, ['doctor', '--json']);
    // Other checks fail here (the test Redis has no AOF); this one is the subject.
    const parsed = JSON.parse(run.stdout) as { checks: CheckResult[] };
    const check = parsed.checks.find((c) => c.check === 'read-replica');
    expect(check, run.stderr).to.deep.include({ status: 'ok' });
  });

  // Last: the standby stays stopped.
  it('when the standby is stopped then the check fails pointing at DATABASE_READ_URL, and /metrics shows it down with no lag and a scrape error', async () => {
    await servers.stopStandby();
    const verdict = await replicaCheck();
    expect(verdict.status).to.equal('fail');
    expect(verdict.found).to.match(/^cannot read the standby: /);
    expect(verdict.advice).to.match(/^check DATABASE_READ_URL/);
    expect(await gauges()).to.deep.equal({ up: 0, lagBytes: undefined, scrapeError: 1 });
  });
});
