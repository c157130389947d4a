import { expect } from 'chai';
import { createPool } from '../../../shared/db/pool.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../worker/normalize/types.js';
import { EVENT_COLUMNS } from '../../../worker/persist/columns.js';
import { EventWriter } from '../../../worker/persist/eventWriter.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { event, insertProject, job } from './helpers.js';

function row(projectId: string, raw: Record<string, unknown>, receivedAt: number): NormalizedEvent {
  const r = normalizeEvent(raw, job(projectId, [], { receivedAt }), { maxEventAgeMs: 90 * 86_400_000 });
  if (r instanceof ToDeadLetter) throw new Error(r.describe());
  return r;
}

/** Every column of a stored event, as the server prints it, for comparing two rows column by column. */
async function storedText(pool: TestEnv['pool'], eventId: string): Promise<Record<string, string | null>> {
  const { rows } = await pool.query<Record<string, string | null>>(
    `select ${EVENT_COLUMNS.map((c) => `${c}::text as ${c}`).join(', ')} from events where event_id = $1`,
    [eventId],
  );
  expect(rows).to.have.length(1);
  return rows[0] ?? {};
}

describe('persist: events are written by COPY', () => {
  let t: TestEnv;
  let pool: ReturnType<typeof createPool>;
  beforeEach(async () => {
    t = await createTestEnv();
    pool = createPool(t.config, 4);
  });
  afterEach(async () => {
    await pool.end();
    await t.cleanup();
  });

  it('when text and props hold tabs, newlines, backslashes and quotes then each column is stored exactly as a parameter would store it', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const at = Date.parse('2026-03-01T12:00:00Z');
    const tricky = 'a\tb\nc\rd\\e "f" \\N {g,h} é 😀';
    const raw = event('click', at - 1000, {
      videoId: 'v1',
      slotId: 's1',
      playId: '6f1f8a32-3b7e-4c39-8d4e-0a2f6f4b8c11',
      target: tricky,
      label: '\\N',
      custom: { nested: tricky, list: [1, 2.5, null, true] },
    });
    const stored = row(projectId, raw, at);
    await new EventWriter(pool).write([{ row: stored, timezone: 'UTC' }]);

    // The same row through an ordinary parameterised INSERT, under another id, is the reference.
    const reference = { ...stored, event_id: '0e6f2a3c-93c5-4b8e-9a51-7d2c1e0f4a66' };
    await t.pool.query(
      `insert into events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      EVENT_COLUMNS.map((c) => {
        const v = reference[c];
        return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
      }),
    );
    const copied = await storedText(t.pool, stored.event_id);
    const inserted = await storedText(t.pool, reference.event_id);
    expect({ ...copied, event_id: null }).to.deep.equal({ ...inserted, event_id: null });
    expect(copied.target).to.equal(tricky);
    expect(copied.label).to.equal('\\N');
  });

  it('when a value cannot be stored then the write fails with the server error and stores nothing', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const at = Date.parse('2026-03-01T12:00:00Z');
    const good = row(projectId, event('page_view', at - 1000), at);
    const bad = { ...row(projectId, event('page_view', at - 2000), at), percent: 40_000 };
    let error: unknown;
    try {
      await new EventWriter(pool).write([{ row: good, timezone: 'UTC' }, { row: bad, timezone: 'UTC' }]);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as { code?: string }).code).to.equal('22003');
    const { rows } = await t.pool.query<{ n: number }>(`select (select count(*) from events)::int + (select count(*) from event_ids)::int as n`);
    expect(rows[0]?.n).to.equal(0);
  });
  it('when a row cannot be written as COPY text then the write fails and the connection is free for the next one', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const at = Date.parse('2026-03-01T12:00:00Z');
    const single = createPool(t.config, 1);
    try {
      const broken = { ...row(projectId, event('page_view', at - 2000), at), client_ts: new Date(Number.NaN) };
      let error: unknown;
      try {
        await new EventWriter(single).write([{ row: broken, timezone: 'UTC' }]);
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(RangeError);
      // The pool's only connection rolled back and serves the next write at once.
      const good = row(projectId, event('page_view', at - 1000), at);
      const result = await new EventWriter(single).write([{ row: good, timezone: 'UTC' }]);
      expect(result.inserted).to.equal(1);
      const { rows } = await t.pool.query<{ n: number }>('select count(*)::int as n from events');
      expect(rows[0]?.n).to.equal(1);
    } finally {
      await single.end();
    }
  });
});
