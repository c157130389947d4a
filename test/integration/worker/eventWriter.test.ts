import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createPool } from '../../../shared/db/pool.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../worker/normalize/types.js';
import { EVENT_COLUMNS } from '../../../worker/persist/columns.js';
import { EventWriter } from '../../../worker/persist/eventWriter.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { count, event, insertProject, job } from './helpers.js';

function row(projectId: string, raw: Record<string, unknown>, receivedAt: number): NormalizedEvent {
  const r = normalizeEvent(raw, job(projectId, [], { receivedAt }), { maxEventAgeMs: 90 * 86_400_000 });
  if (r instanceof ToDeadLetter) throw new Error(r.describe());
  return r;
}

describe('persist: EventWriter', () => {
  let t: TestEnv;
  let writer: EventWriter;
  let pool: ReturnType<typeof createPool>;
  beforeEach(async () => {
    t = await createTestEnv();
    pool = createPool(t.config, 4);
    writer = new EventWriter(pool);
  });
  afterEach(async () => {
    await pool.end();
    await t.cleanup();
  });

  it('when compared with the events table then NormalizedEvent has exactly its columns, in order', async () => {
    const { rows } = await t.pool.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'events' and table_schema = 'public' order by ordinal_position`,
    );
    expect(EVENT_COLUMNS).to.deep.equal(rows.map((r) => r.column_name));
  });

  it('when a batch repeats an event id then it is stored once and a second write stores nothing', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const at = Date.parse('2026-03-01T12:00:00Z');
    const e = event('page_view', at - 1000);
    const items = [e, { ...e, ts: at - 500 }, event('page_view', at - 2000)].map((raw) => ({ row: row(projectId, raw, at), timezone: 'UTC' }));
    expect(await writer.write(items)).to.deep.equal({ inserted: 2, duplicates: 1, erased: 0 });
    const seq = await count(t.pool, `select seq as n from dirty_days where project_id = $1`, [projectId]);
    expect(await writer.write(items)).to.deep.equal({ inserted: 0, duplicates: 3, erased: 0 });
    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(2);
    // The first copy wins: its corrected time is the one stored.
    expect(await count(t.pool, `select extract(epoch from occurred_at) * 1000 as n from events where event_id = $1`, [e.id])).to.equal(at - 1000);
    // Nothing new was stored, so the day was not dirtied again.
    expect(await count(t.pool, `select seq as n from dirty_days where project_id = $1`, [projectId])).to.equal(seq);
    expect(writer.transactions).to.equal(2);
  });

  it('when events fall in a month with no partition yet then the partition is created first', async () => {
    const projectId = randomUUID();
    const at = Date.parse('2021-06-15T00:00:00Z');
    await writer.write([{ row: row(projectId, event('impression', at - 1000), at), timezone: 'Europe/Berlin' }]);
    expect(await count(t.pool, `select count(*) as n from events_2021_06`)).to.equal(1);
    expect(await count(t.pool, `select count(*) as n from dirty_days where day = '2021-06-15'`)).to.equal(1);
  });

  it('when a row breaks a column type then the whole transaction rolls back', async () => {
    const projectId = randomUUID();
    const at = Date.parse('2026-03-01T12:00:00Z');
    const good = row(projectId, event('impression', at - 1000), at);
    const bad = row(projectId, event('conversion', at - 1000, { conversionType: 'x', value: 1e20, currency: 'USD' }), at);
    const err = await writer.write([good, bad].map((r) => ({ row: r, timezone: 'UTC' }))).catch((e: unknown) => e);
    expect(err).to.have.property('code', '22003');
    expect(await count(t.pool, `select count(*) as n from event_ids`)).to.equal(0);
    expect(await count(t.pool, `select count(*) as n from dirty_days`)).to.equal(0);
  });
});
