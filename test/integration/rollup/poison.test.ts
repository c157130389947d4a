import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { LIMITS } from '../../../shared/events/limits.js';
import { validateEvent } from '../../../shared/events/validate.js';
import { SET_KIND } from '../../../shared/sets/kinds.js';
import type { TestEnv } from '../../helpers/services.js';
import { count } from '../worker/helpers.js';
import { createProject, ev, eachTestEnv, Ingest, members, rollupAll, visitor, type Raw } from './helpers.js';

const DAY = '2026-03-10';

/**
 * A page address of 2,000 different-looking CJK characters: under the 2 KB contract limit,
 * ~18 KB once percent-encoded, and too varied for PostgreSQL to compress into an index row.
 */
const CJK_URL = `https://shop.example/${Array.from({ length: 2000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join('')}`;

/** The API's own verdict: the event would have been answered 202. */
function expectAccepted(raw: Raw): void {
  const verdict = validateEvent(raw, { receivedAt: raw.ts + 1000, sentAt: undefined, maxEventBytes: 32 * 1024, maxEventAgeMs: 400 * 86_400_000 });
  expect(verdict.ok, JSON.stringify(verdict)).to.equal(true);
}

describe('rollup: inputs that could poison a day', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  it('when a widget_open URL of 2,000 CJK characters is accepted then the day rolls up with a bounded page key and its page visitors', async () => {
    const p = await createProject(t.pool);
    const a = visitor();
    const b = visitor();
    // Two long pages that differ only at their very end must stay two pages.
    const other = `${CJK_URL.slice(0, -1)}月`;
    const events = [ev.open(a, `${DAY}T09:00:00Z`, CJK_URL), ev.open(b, `${DAY}T09:01:00Z`, other), ev.open(b, `${DAY}T09:02:00Z`, CJK_URL)];
    for (const e of events) expectAccepted(e);
    await ingest.write(p, events);

    await rollupAll(t.pool);

    const { rows } = await t.pool.query<{ page_key: string; opens: string }>(
      `select page_key, opens::text from daily_page where project_id = $1 and day = $2 order by opens desc`,
      [p.id, DAY],
    );
    expect(rows.map((r) => r.opens)).to.deep.equal(['2', '1']);
    const [top, second] = rows;
    if (!top || !second) throw new Error('two page rows expected');
    expect(top.page_key.length).to.be.at.most(512);
    expect(top.page_key).to.not.equal(second.page_key);
    expect(top.page_key.startsWith('https://shop.example/%E4%B8%80')).to.equal(true);
    expect(await members(t.pool, p.id, DAY, SET_KIND.pageVisitor, top.page_key)).to.deep.equal([a.visitorId, b.visitorId].sort());
    const longest = await count(t.pool, `select max(length(scope)) as n from daily_sets where project_id = $1`, [p.id]);
    expect(longest).to.be.at.most(512);
  });

  it('when 10,500 conversions of the largest accepted value fall on one day then the day sums them exactly', async function () {
    // 15 s alone; three test files share two cores in a parallel run.
    this.timeout(90_000);
    const p = await createProject(t.pool, { currency: 'USD' });
    const v = visitor();
    const conversions = Array.from({ length: 10_500 }, (_, i) =>
      ev.conversion(v, Date.parse(`${DAY}T10:00:00Z`) + i, { value: LIMITS.maxValue, currency: 'USD' }),
    );
    expectAccepted(conversions[0] ?? ev.conversion(v, 0));
    await ingest.write(p, [ev.play(v, `${DAY}T09:00:00Z`, randomUUID()), ...conversions]);

    await rollupAll(t.pool);

    const expected = (10_500n * BigInt(LIMITS.maxValue)).toString();
    const project = await t.pool.query<{ v: string }>(
      `select conversion_value::text as v from daily_project where project_id = $1 and day = $2 and not is_bot`,
      [p.id, DAY],
    );
    expect(project.rows[0]?.v.replace(/\.0+$/, '')).to.equal(expected);
    const perCurrency = await t.pool.query<{ v: string; n: string }>(
      `select value::text as v, conversions::text as n from daily_conversion_values where project_id = $1 and day = $2`,
      [p.id, DAY],
    );
    expect(perCurrency.rows.map((r) => [r.n, r.v.replace(/\.0+$/, '')])).to.deep.equal([['10500', expected]]);
  });
});
