import { expect } from 'chai';
import { judgeDeadLetters, judgePartitions, judgeRollups } from '../../../cli/doctor/dataChecks.js';
import { judgeDisk } from '../../../cli/doctor/diskCheck.js';
import { judgePostgresSettings, judgePostgresVersion } from '../../../cli/doctor/postgresChecks.js';
import { judgeQueues } from '../../../cli/doctor/queueCheck.js';
import { judgeRedisPersistence } from '../../../cli/doctor/redisChecks.js';
import { reportLines } from '../../../cli/doctor/report.js';
import type { QueueDepth } from '../../../shared/telemetry/queueDepths.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const GIB = 1024 ** 3;

function depth(queue: QueueDepth['queue'], waiting: number, oldestWaitingSeconds = 0): QueueDepth {
  return { queue, counts: { waiting, active: 0, delayed: 0, failed: 0 }, oldestWaitingSeconds };
}

function month(from: string, to: string, attached = true) {
  return { name: `events_${from.slice(0, 4)}_${from.slice(5, 7)}`, from: new Date(from), to: new Date(to), attached, detachPending: false };
}

describe('doctor checks, judged from what they read', () => {
  it('when Redis evicts keys then the check fails naming noeviction; with AOF and noeviction it is ok', () => {
    const evicting = judgeRedisPersistence(new Map([['maxmemory_policy', 'allkeys-lru'], ['aof_enabled', '1']]));
    expect(evicting.status).to.equal('fail');
    expect(evicting.advice).to.match(/noeviction/);
    expect(judgeRedisPersistence(new Map([['maxmemory_policy', 'noeviction'], ['aof_enabled', '1']])).status).to.equal('ok');
  });

  it('when PostgreSQL is older than 14 then fail; when fsync is off then fail; when autovacuum is off then warn', () => {
    expect(judgePostgresVersion({ versionNum: 130011, version: '13.11' }).status).to.equal('fail');
    expect(judgePostgresVersion({ versionNum: 170004, version: '17.4' }).status).to.equal('ok');
    const good = { autovacuum: 'on', trackCounts: 'on', fsync: 'on', synchronousCommit: 'on' };
    expect(judgePostgresSettings(good).status).to.equal('ok');
    expect(judgePostgresSettings({ ...good, fsync: 'off' }).status).to.equal('fail');
    const noVacuum = judgePostgresSettings({ ...good, autovacuum: 'off' });
    expect(noVacuum.status).to.equal('warn');
    expect(noVacuum.advice).to.include('ALTER SYSTEM SET autovacuum = on');
  });

  it('when partitions reach two months ahead then ok; less than a month then warn; none for today then fail', () => {
    const march = month('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    const april = month('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z');
    const may = month('2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z');
    expect(judgePartitions([march, april, may], NOW).status).to.equal('ok');
    expect(judgePartitions([march], NOW).status).to.equal('warn');
    expect(judgePartitions([april, may], NOW).status).to.equal('fail');
    expect(judgePartitions([], NOW).status).to.equal('fail');
    // A table left detached holds no new events.
    expect(judgePartitions([march, month('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', false)], NOW).status).to.equal('warn');
  });

  it('when jobs wait minutes or the ingest backlog nears its limit then warn, and past the limit or a quarter hour fail', () => {
    expect(judgeQueues([depth('ingest', 3, 0.2), depth('rollup', 0)], 100).status).to.equal('ok');
    expect(judgeQueues([depth('ingest', 60, 1)], 100).status).to.equal('warn');
    expect(judgeQueues([depth('ingest', 100, 1)], 100).status).to.equal('fail');
    const stuck = judgeQueues([depth('ingest', 0), depth('rollup', 5, 300)], 100);
    expect(stuck.status).to.equal('warn');
    expect(stuck.found).to.equal('waiting: ingest 0, rollup 5; oldest 5 min (rollup)');
    expect(judgeQueues([depth('ingest', 5, 3600)], 100).status).to.equal('fail');
  });

  it('when dead letters wait, rollups lag or days fail then the checks say what to run', () => {
    expect(judgeDeadLetters(0).status).to.equal('ok');
    expect(judgeDeadLetters(3).advice).to.include('npx cuepoint dead-letter list');
    const health = { status: 'ok' as const, failingDays: 0, oldestFailureSince: null, dirtyDays: 2, lagSeconds: 50 };
    expect(judgeRollups(health).status).to.equal('ok');
    expect(judgeRollups({ ...health, lagSeconds: 20 * 60 }).status).to.equal('warn');
    expect(judgeRollups({ ...health, lagSeconds: 3 * 3600 }).status).to.equal('fail');
    expect(judgeRollups({ ...health, status: 'failing', failingDays: 1 }).advice).to.include('npx cuepoint rollup failures');
  });

  it('when the disk has under 1 GiB or 5 % free then fail, under 5 GiB or 10 % warn', () => {
    const at = (free: number, total: number) => judgeDisk({ path: '/data', freeBytes: free * GIB, totalBytes: total * GIB }, '/data').status;
    expect(at(50, 100)).to.equal('ok');
    expect(at(4, 100)).to.equal('fail');
    expect(at(0.5, 2)).to.equal('fail');
    expect(at(8, 100)).to.equal('warn');
    expect(at(3, 10)).to.equal('warn');
  });

  it('when results are printed then each is one line: status, check, what was found and, unless ok, what to do', () => {
    const lines = reportLines([
      { check: 'redis', status: 'fail', found: 'AOF off', advice: 'turn AOF on' },
      { check: 'dead-letters', status: 'ok', found: 'no dead letter waiting', advice: '' },
    ]);
    expect(lines).to.deep.equal(['fail  redis         AOF off — turn AOF on', 'ok    dead-letters  no dead letter waiting']);
  });
});
