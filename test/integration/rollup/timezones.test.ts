import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { TestEnv } from '../../helpers/services.js';
import { createProject, dirtyDays, ev, eachTestEnv, Ingest, projectDay, rollupAll, visitor, type TestProject } from './helpers.js';

/** Impressions (and plays) per local day after rolling up every dirty day. */
async function perDay(t: TestEnv, p: TestProject): Promise<Record<string, { impressions: number; plays: number }>> {
  const days = await dirtyDays(t.pool, p.id);
  await rollupAll(t.pool, p.id);
  const out: Record<string, { impressions: number; plays: number }> = {};
  for (const day of days) {
    const f = await projectDay(t.pool, p.id, day);
    out[day] = { impressions: f?.impressions ?? 0, plays: f?.plays ?? 0 };
  }
  return out;
}

describe('rollup: local days', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  it('when a Tokyo project has events around local midnight then each lands on its Tokyo day', async () => {
    const p = await createProject(t.pool, { timezone: 'Asia/Tokyo' });
    const v = visitor();
    await ingest.write(p, [
      ev.impression(v, '2026-03-07T14:59:59.999Z'), // 03-07 23:59:59.999 JST
      ev.impression(v, '2026-03-07T15:00:00Z'), // 03-08 00:00 JST
      ev.play(v, '2026-03-07T15:00:00Z', randomUUID()),
      ev.impression(v, '2026-03-08T14:59:59Z'), // 03-08 23:59:59 JST
      ev.impression(v, '2026-03-08T15:00:00Z'), // 03-09 00:00 JST
    ]);
    expect(await perDay(t, p)).to.deep.equal({
      '2026-03-07': { impressions: 1, plays: 0 },
      '2026-03-08': { impressions: 2, plays: 1 },
      '2026-03-09': { impressions: 1, plays: 0 },
    });
  });

  it('when a New York project has events around the 2026 spring-forward day then the 23-hour day holds exactly its events', async () => {
    const p = await createProject(t.pool, { timezone: 'America/New_York' });
    const v = visitor();
    await ingest.write(p, [
      ev.impression(v, '2026-03-08T04:59:59Z'), // 03-07 23:59:59 EST
      ev.impression(v, '2026-03-08T05:00:00Z'), // 03-08 00:00 EST
      ev.impression(v, '2026-03-08T06:59:59Z'), // 01:59:59 EST
      ev.impression(v, '2026-03-08T07:00:00Z'), // 03:00 EDT (02:00 does not exist)
      ev.play(v, '2026-03-09T03:59:59Z', randomUUID()), // 03-08 23:59:59 EDT
      ev.impression(v, '2026-03-09T03:59:59Z'),
      ev.impression(v, '2026-03-09T04:00:00Z'), // 03-09 00:00 EDT
    ]);
    expect(await perDay(t, p)).to.deep.equal({
      '2026-03-07': { impressions: 1, plays: 0 },
      '2026-03-08': { impressions: 4, plays: 1 },
      '2026-03-09': { impressions: 1, plays: 0 },
    });
  });

  it('when a New York project has events around the 2026 fall-back day then the 25-hour day holds exactly its events', async () => {
    const p = await createProject(t.pool, { timezone: 'America/New_York' });
    const v = visitor();
    await ingest.write(p, [
      ev.impression(v, '2026-11-01T03:59:59Z'), // 10-31 23:59:59 EDT
      ev.impression(v, '2026-11-01T04:00:00Z'), // 11-01 00:00 EDT
      ev.impression(v, '2026-11-01T05:30:00Z'), // 01:30 EDT
      ev.impression(v, '2026-11-01T06:30:00Z'), // 01:30 EST (the repeated hour)
      ev.play(v, '2026-11-02T04:59:59Z', randomUUID()), // 11-01 23:59:59 EST
      ev.impression(v, '2026-11-02T04:59:59Z'),
      ev.impression(v, '2026-11-02T05:00:00Z'), // 11-02 00:00 EST
    ]);
    expect(await perDay(t, p)).to.deep.equal({
      '2026-10-31': { impressions: 1, plays: 0 },
      '2026-11-01': { impressions: 4, plays: 1 },
      '2026-11-02': { impressions: 1, plays: 0 },
    });
  });

  it('when the same instants go to a Tokyo and a New York project then their days differ as their zones say', async () => {
    const tokyo = await createProject(t.pool, { timezone: 'Asia/Tokyo' });
    const ny = await createProject(t.pool, { timezone: 'America/New_York' });
    const instants = ['2026-03-08T04:30:00Z', '2026-03-08T16:00:00Z'];
    for (const p of [tokyo, ny]) await ingest.write(p, instants.map((i) => ev.impression(visitor(), i)));
    expect(await perDay(t, tokyo)).to.deep.equal({ '2026-03-08': { impressions: 1, plays: 0 }, '2026-03-09': { impressions: 1, plays: 0 } });
    expect(await perDay(t, ny)).to.deep.equal({ '2026-03-07': { impressions: 1, plays: 0 }, '2026-03-08': { impressions: 1, plays: 0 } });
  });
});
