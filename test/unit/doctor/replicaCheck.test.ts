import { expect } from 'chai';
import { judgeReadReplica, REPLICA_LAG_LIMITS, type ReplicaReading } from '../../../cli/doctor/replicaCheck.js';
import { lagSecondsOf, type PrimaryPosition, type StandbyState } from '../../../shared/telemetry/readReplica.js';

const MB = 1024 * 1024;
const PRIMARY: PrimaryPosition = { lsn: '0/5000000', systemId: '7716415501607364735', startedAt: new Date('2026-03-15T08:00:00Z') };
const CAUGHT_UP: StandbyState = {
  inRecovery: true,
  systemId: PRIMARY.systemId,
  startedAt: new Date('2026-03-15T08:05:00Z'),
  pauseState: 'not paused',
  lagBytes: 0,
  lagSeconds: 0,
};

function reading(standby: Partial<StandbyState>): ReplicaReading {
  return { configured: true, primary: PRIMARY, standby: { ...CAUGHT_UP, ...standby } };
}

describe('doctor read-replica check, judged from what it read', () => {
  it('when DATABASE_READ_URL is unset then ok, saying stats read the primary', () => {
    expect(judgeReadReplica({ configured: false })).to.deep.equal({ status: 'ok', found: 'DATABASE_READ_URL unset: stats read the primary', advice: '' });
  });

  it('when the standby cannot be reached then fail, pointing at DATABASE_READ_URL', () => {
    const verdict = judgeReadReplica({ configured: true, unreachable: 'connect ECONNREFUSED 127.0.0.1:5433' });
    expect(verdict.status).to.equal('fail');
    expect(verdict.found).to.equal('cannot read the standby: connect ECONNREFUSED 127.0.0.1:5433');
    expect(verdict.advice).to.match(/^check DATABASE_READ_URL/);
  });

  it('when the standby is caught up then ok', () => {
    expect(judgeReadReplica(reading({}))).to.deep.equal({ status: 'ok', found: 'standby of this database, caught up', advice: '' });
  });

  it('when the server is not in recovery but a copy of this cluster then warn that it is a primary, and name the case of the primary itself', () => {
    // Same system identifier, another start: a promoted standby or a restored copy of this very cluster.
    const promoted = judgeReadReplica(reading({ inRecovery: false, startedAt: new Date('2026-04-01T00:00:00Z'), pauseState: undefined, lagBytes: undefined, lagSeconds: undefined }));
    expect(promoted.status).to.equal('warn');
    expect(promoted.found).to.equal('not in recovery: a primary, not a replica of this database');
    expect(promoted.advice).to.match(/streaming standby of DATABASE_URL/);
    const itself = judgeReadReplica(reading({ inRecovery: false, startedAt: PRIMARY.startedAt, pauseState: undefined, lagBytes: undefined }));
    expect(itself.status).to.equal('warn');
    expect(itself.found).to.include('the server of DATABASE_URL itself');
    expect(itself.advice).to.match(/^unset DATABASE_READ_URL/);
  });

  it('when the server is a primary of another cluster (other system identifier) then fail: stats would read another database', () => {
    const verdict = judgeReadReplica(reading({ inRecovery: false, systemId: '1234', pauseState: undefined, lagBytes: undefined, lagSeconds: undefined }));
    expect(verdict.status).to.equal('fail');
    expect(verdict.found).to.equal(`a primary of its own, another server (system identifier 1234, the primary's ${PRIMARY.systemId})`);
    expect(verdict.advice).to.match(/standby of DATABASE_URL/);
  });

  it('when the standby replays another server (other system identifier) then fail, naming both identifiers', () => {
    const verdict = judgeReadReplica(reading({ systemId: '7000000000000000001', lagBytes: 0 }));
    expect(verdict.status).to.equal('fail');
    expect(verdict.found).to.equal(`a standby of another server (system identifier 7000000000000000001, the primary's ${PRIMARY.systemId})`);
  });

  it('when replay is paused then warn with how to resume, even with no lag yet', () => {
    const verdict = judgeReadReplica(reading({ pauseState: 'paused' }));
    expect(verdict.status).to.equal('warn');
    expect(verdict.found).to.equal('standby of this database, caught up; replay paused');
    expect(verdict.advice).to.match(/^resume replay on the standby \(`select pg_wal_replay_resume\(\)`\)/);
    expect(judgeReadReplica(reading({ pauseState: 'pause requested' })).status).to.equal('warn');
  });

  it('when the lag in bytes reaches the limit then warn, saying stats show older figures under their older ETag; below it ok', () => {
    const below = judgeReadReplica(reading({ lagBytes: REPLICA_LAG_LIMITS.bytes - 1, lagSeconds: 2 }));
    expect(below.status).to.equal('ok');
    expect(below.found).to.equal('standby of this database, 16.0 MB behind, newest replayed commit 2 s old');
    const at = judgeReadReplica(reading({ lagBytes: REPLICA_LAG_LIMITS.bytes, lagSeconds: 2 }));
    expect(at.status).to.equal('warn');
    expect(at.advice).to.match(/past 16\.0 MB or 30 s behind/);
    expect(at.advice).to.match(/stats show its older figures under their own older ETag$/);
  });

  it('when the newest replayed commit is past the limit in seconds while behind then warn; the limits can be lowered', () => {
    expect(judgeReadReplica(reading({ lagBytes: 300, lagSeconds: 29 })).status).to.equal('ok');
    const late = judgeReadReplica(reading({ lagBytes: 300, lagSeconds: 95 }));
    expect(late.status).to.equal('warn');
    expect(late.found).to.equal('standby of this database, 300 B behind, newest replayed commit 95 s old');
    expect(judgeReadReplica(reading({ lagBytes: 70 * 1024, lagSeconds: 1 }), { bytes: 64 * 1024, seconds: 30 }).status).to.equal('warn');
    expect(judgeReadReplica(reading({ lagBytes: 3 * MB, lagSeconds: 1 })).found).to.include('3.0 MB behind');
  });

  it('when the primary has been idle then an old newest commit is no lag: seconds count only while bytes are behind', () => {
    expect(lagSecondsOf(0, 3600)).to.equal(0);
    expect(lagSecondsOf(512, 3600)).to.equal(3600);
    expect(lagSecondsOf(512, undefined)).to.equal(undefined);
    expect(lagSecondsOf(undefined, 3600)).to.equal(undefined);
  });
});
