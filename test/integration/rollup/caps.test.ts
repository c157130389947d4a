import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { SET_KIND } from '../../../shared/sets/kinds.js';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import type { TestEnv } from '../../helpers/services.js';
import { count } from '../worker/helpers.js';
import { createProject, dumpDaily, ev, eachTestEnv, Ingest, members, projectDay, visitor } from './helpers.js';

const DAY = '2026-03-10';
const at = (minute: number) => `${DAY}T10:${String(minute).padStart(2, '0')}:00Z`;

describe('rollup: distinct keys per day are capped into (other)', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  it('when a day has more videos, slots, branch targets and pages than its caps then the least active fold into (other) and no figure is lost', async () => {
    const p = await createProject(t.pool);
    const viewers = Array.from({ length: 6 }, () => visitor());
    // Video vN gets N plays (v6 busiest); each play on its own slot sN-k; opens on N pages.
    const events = viewers.flatMap((v, i) => {
      const n = i + 1;
      return Array.from({ length: n }, (_, k) => [
        ev.play(v, at(n * 6 + k), randomUUID(), `v${n}`, `s${n}-${k}`),
        ev.click(v, at(n * 6 + k), 'choice', `v${n}`, `s${n}-${k}`, `to${n}-${k}`),
        ev.open(v, at(n * 6 + k), `https://shop.example/p${n}`),
      ]).flat();
    });
    await ingest.write(p, events);
    const caps = { videos: 3, slots: 4, pages: 2, breakdownValues: 1000 };
    await rollupDay(t.pool, p.id, DAY, { caps });

    const slots = await t.pool.query<{ video_id: string; slot_id: string; plays: number }>(
      `select video_id, slot_id, plays::int from daily_slot where project_id = $1 and day = $2 order by video_id, slot_id`,
      [p.id, DAY],
    );
    // Kept: v6, v5, v4 (most rows); their busiest 4 slots by rows, ties by id: s4-0…s4-3 then nothing else fits.
    const videoIds = [...new Set(slots.rows.map((r) => r.video_id))];
    expect(videoIds).to.deep.equal(['(other)', 'v4', 'v5', 'v6']);
    expect(slots.rows.filter((r) => r.slot_id !== '(other)')).to.have.length(4);
    const totalPlays = slots.rows.reduce((s, r) => s + r.plays, 0);
    expect(totalPlays).to.equal(21);
    expect((await projectDay(t.pool, p.id, DAY))?.plays).to.equal(21);
    expect((await projectDay(t.pool, p.id, DAY))?.opens).to.equal(21);

    const pages = await t.pool.query<{ page_key: string; opens: number }>(
      `select page_key, opens::int from daily_page where project_id = $1 and day = $2 order by page_key`,
      [p.id, DAY],
    );
    expect(pages.rows).to.deep.equal([
      { page_key: '(other)', opens: 1 + 2 + 3 + 4 },
      { page_key: 'https://shop.example/p5', opens: 5 },
      { page_key: 'https://shop.example/p6', opens: 6 },
    ]);
    const targets = await count(t.pool, `select count(distinct to_slot_id) as n from daily_transitions where project_id = $1`, [p.id]);
    expect(targets).to.equal(1); // no kept slot is a branch target here, so every target folds
    expect(await count(t.pool, `select sum(count) as n from daily_transitions where project_id = $1`, [p.id])).to.equal(21);

    // Sets follow the folded keys: the (other) video's viewers are v1…v3's visitors.
    expect(await members(t.pool, p.id, DAY, SET_KIND.viewer, 'v:(other)')).to.deep.equal(viewers.slice(0, 3).map((v) => v.visitorId).sort());
    expect(await members(t.pool, p.id, DAY, SET_KIND.pageVisitor, '(other)')).to.have.length(4);

    // Repeatable: a second rollup writes the same rows.
    const before = await dumpDaily(t.pool, p.id);
    await rollupDay(t.pool, p.id, DAY, { caps });
    expect(await dumpDaily(t.pool, p.id)).to.deep.equal(before);
  });

  it('when a day is within its caps then nothing is folded', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    await ingest.write(p, [ev.play(v, at(1), randomUUID(), 'v1', 's1'), ev.open(v, at(1), 'https://shop.example/a')]);
    await rollupDay(t.pool, p.id, DAY, { caps: { videos: 1, slots: 1, pages: 1, breakdownValues: 1000 } });
    expect(await count(t.pool, `select count(*) as n from daily_slot where project_id = $1 and video_id = '(other)'`, [p.id])).to.equal(0);
    expect(await count(t.pool, `select count(*) as n from daily_page where project_id = $1 and page_key = '(other)'`, [p.id])).to.equal(0);
  });
});
