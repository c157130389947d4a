import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { TestEnv } from '../../helpers/services.js';
import { SET_KIND } from '../../../shared/sets/kinds.js';
import { addRule, BOT_UA, conversions, createProject, dirtyDays, ev, eachTestEnv, Ingest, members, newSession, projectDay, rollupAll, visitor } from './helpers.js';

const THANKS = 'https://shop.example/thanks';

describe('rollup: conversions', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  it('when a conversion comes 0 s or exactly 30 d after the latest play then it counts on its own day, and 30 d + 1 s after it does not', async () => {
    const p = await createProject(t.pool);
    await addRule(t.pool, p.id, 'exact', THANKS);
    const [a, b, c, d] = [visitor(), visitor(), visitor(), visitor()];
    const start = '2026-03-01T12:00:00Z';
    await ingest.write(p, [
      ...[a, b, c, d].map((v) => ev.play(v, start, randomUUID())),
      ev.conversion(a, '2026-03-31T12:00:00Z'), // exactly 30 x 24 h
      ev.pageView(a, '2026-03-31T12:00:00Z', THANKS),
      ev.conversion(b, '2026-03-31T12:00:01Z'), // one second too late
      ev.pageView(b, '2026-03-31T12:00:01Z', THANKS),
      ev.conversion(c, start), // the play's own instant
      ev.conversion(d, '2026-03-01T11:59:59Z'), // before any play
    ]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-01')).to.deep.equal({ 'v1/s1': 1 });
    expect(await conversions(t.pool, p.id, '2026-03-31')).to.deep.equal({ 'v1/s1': 2 });
    expect((await projectDay(t.pool, p.id, '2026-03-31'))?.conversions).to.equal(2);
  });

  it('when one viewer reaches a rule page and also sends a conversion event then conversions is 2 but converters 1, one per goal', async () => {
    const p = await createProject(t.pool);
    const ruleId = await addRule(t.pool, p.id, 'exact', THANKS);
    const v = visitor();
    await ingest.write(p, [
      ev.play(v, '2026-03-01T10:00:00Z', randomUUID(), 'v1', 's1'),
      ev.pageView(v, '2026-03-01T10:05:00Z', THANKS),
      ev.conversion(v, '2026-03-01T10:05:01Z'),
    ]);
    await rollupAll(t.pool);
    expect((await projectDay(t.pool, p.id, '2026-03-01'))?.conversions).to.equal(2);
    for (const scope of ['', 'v:v1', 's:v1\u001fs1']) {
      expect(await members(t.pool, p.id, '2026-03-01', SET_KIND.converter, scope), scope).to.deep.equal([v.visitorId]);
    }
    const goals = await t.pool.query(`select goal_kind, goal, conversions::int from daily_goals where project_id = $1 order by 1`, [p.id]);
    expect(goals.rows).to.deep.equal([
      { goal_kind: 'event', goal: 'purchase', conversions: 1 },
      { goal_kind: 'rule', goal: ruleId, conversions: 1 },
    ]);
  });

  it('when a browser conversion takes an orderId before the server sends it then the server one supersedes it, earlier or not', async () => {
    const p = await createProject(t.pool);
    const attacker = visitor();
    const buyer = visitor();
    await ingest.write(p, [
      ev.play(attacker, '2026-03-01T10:00:00Z', randomUUID(), 'vA', 'sA'),
      ev.play(buyer, '2026-03-01T10:00:00Z', randomUUID(), 'vB', 'sB'),
      // The public write key: an order id posted before the real one, on the day before.
      ev.conversion(attacker, '2026-03-01T11:00:00Z', { orderId: 'ORD-1001', value: 5000, currency: 'USD' }),
    ]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-01')).to.deep.equal({ 'vA/sA': 1 });

    // The shop's backend sends the real order the next day with the secret server key.
    await ingest.write(p, [ev.conversion(buyer, '2026-03-02T09:00:00Z', { orderId: 'ORD-1001', value: 80, currency: 'USD' })], { fromServer: true });
    expect(await dirtyDays(t.pool, p.id)).to.include('2026-03-01');
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-01')).to.deep.equal({});
    expect(await conversions(t.pool, p.id, '2026-03-02')).to.deep.equal({ 'vB/sB': 1 });
    expect((await projectDay(t.pool, p.id, '2026-03-02'))?.conversionValue).to.equal(80);

    // A later browser copy of the same order changes nothing.
    await ingest.write(p, [ev.conversion(attacker, '2026-03-02T10:00:00Z', { orderId: 'ORD-1001', value: 1, currency: 'USD' })]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-02')).to.deep.equal({ 'vB/sB': 1 });
  });

  it('when the project counts server conversions only then rules and browser conversions do not count and server ones do', async () => {
    const p = await createProject(t.pool);
    await addRule(t.pool, p.id, 'exact', THANKS);
    await t.pool.query(`update projects set server_conversions_only = true where id = $1`, [p.id]);
    const v = visitor();
    await ingest.write(p, [
      ev.play(v, '2026-03-01T10:00:00Z', randomUUID(), 'v1', 's1'),
      ev.pageView(v, '2026-03-01T10:05:00Z', THANKS),
      ev.conversion(v, '2026-03-01T10:05:01Z'),
    ]);
    await ingest.write(p, [ev.conversion(v, '2026-03-01T10:06:00Z', { orderId: 'ORD-7', value: 12.5, currency: 'USD' })], { fromServer: true });
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-01')).to.deep.equal({ 'v1/s1': 1 });
    const goals = await t.pool.query(`select goal_kind, goal, conversions::int from daily_goals where project_id = $1`, [p.id]);
    expect(goals.rows).to.deep.equal([{ goal_kind: 'event', goal: 'purchase', conversions: 1 }]);
  });

  it('when a visitor played several videos then the conversion goes to the latest non-bot play before it, not the first', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    await ingest.write(p, [
      ev.play(v, '2026-03-01T10:00:00Z', randomUUID(), 'v1', 's1'),
      ev.play(v, '2026-03-05T10:00:00Z', randomUUID(), 'v2', 's2'),
      ev.conversion(v, '2026-03-06T10:00:00Z'),
      ev.play(v, '2026-03-07T10:00:00Z', randomUUID(), 'v3', 's3'), // after the conversion
    ]);
    // A bot play (same visitor id, bot agent) between is not a candidate.
    await ingest.write(p, [ev.play(v, '2026-03-05T12:00:00Z', randomUUID(), 'v4', 's4')], { userAgent: BOT_UA });
    // A bot's conversion never counts, even with a non-bot play before it.
    await ingest.write(p, [ev.conversion(v, '2026-03-06T11:00:00Z')], { userAgent: BOT_UA });
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-06')).to.deep.equal({ 'v2/s2': 1 });
    expect(await projectDay(t.pool, p.id, '2026-03-06', true)).to.equal(undefined);
  });

  it('when a late play starts between an earlier play and a counted conversion then the re-dirtied day moves the conversion to its slot', async () => {
    const p = await createProject(t.pool);
    await addRule(t.pool, p.id, 'prefix', 'https://shop.example/th');
    const v = visitor();
    await ingest.write(p, [
      ev.play(v, '2026-03-01T10:00:00Z', randomUUID(), 'v1', 's1'),
      ev.conversion(v, '2026-03-10T10:00:00Z'),
      ev.pageView(v, '2026-03-10T10:00:00Z', THANKS),
    ]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-10')).to.deep.equal({ 'v1/s1': 2 });

    await ingest.write(p, [ev.play(v, '2026-03-05T10:00:00Z', randomUUID(), 'v2', 's2')]);
    // 03-01 too: the play joins the session that started there, whose figures change.
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-01', '2026-03-05', '2026-03-10']);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-10')).to.deep.equal({ 'v2/s2': 2 });
  });

  it('when a play moves to an earlier start that puts a conversion out of window then the conversion stops counting', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    const play = randomUUID();
    await ingest.write(p, [ev.play(v, '2026-03-08T10:00:00Z', play, 'v3', 's3'), ev.conversion(v, '2026-03-09T10:00:00Z')]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-09')).to.deep.equal({ 'v3/s3': 1 });

    await ingest.write(p, [ev.play(v, '2026-02-01T10:00:00Z', play, 'v3', 's3')]);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-02-01', '2026-03-08', '2026-03-09']);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-09')).to.deep.equal({});
    expect((await projectDay(t.pool, p.id, '2026-02-01'))?.plays).to.equal(1);
    expect((await projectDay(t.pool, p.id, '2026-03-08'))?.plays ?? 0).to.equal(0);
  });

  it('when a session matches a rule before and after midnight then it converts once per rule, and again in a new session', async () => {
    const p = await createProject(t.pool);
    await addRule(t.pool, p.id, 'exact', THANKS);
    await addRule(t.pool, p.id, 'pattern', 'https://*.example/thanks*'); // anchored: the trailing * allows a query
    const v = visitor();
    const later = newSession(v);
    await ingest.write(p, [
      ev.play(v, '2026-03-09T20:00:00Z', randomUUID()),
      ev.pageView(v, '2026-03-09T23:50:00Z', THANKS),
      ev.pageView(v, '2026-03-10T00:10:00Z', THANKS),
      ev.pageView(later, '2026-03-10T01:00:00Z', `${THANKS}?utm_source=mail`),
    ]);
    await rollupAll(t.pool);
    // One page view counts for each of the two rules.
    expect(await conversions(t.pool, p.id, '2026-03-09')).to.deep.equal({ 'v1/s1': 2 });
    expect(await conversions(t.pool, p.id, '2026-03-10')).to.deep.equal({ 'v1/s1': 2 });
  });

  it('when the first match of a session is outside the window then it takes no key and a later in-window match counts', async () => {
    const p = await createProject(t.pool);
    await addRule(t.pool, p.id, 'exact', THANKS);
    const v = visitor();
    await ingest.write(p, [
      ev.pageView(v, '2026-03-09T09:00:00Z', THANKS), // no play yet
      ev.play(v, '2026-03-09T10:00:00Z', randomUUID()),
      ev.pageView(v, '2026-03-10T00:30:00Z', THANKS),
    ]);
    // A bot page view in the same session takes no key either.
    await ingest.write(p, [ev.pageView(v, '2026-03-09T11:00:00Z', THANKS)], { userAgent: BOT_UA });
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-09')).to.deep.equal({});
    expect(await conversions(t.pool, p.id, '2026-03-10')).to.deep.equal({ 'v1/s1': 1 });
  });

  it('when an earlier in-window match of the same session arrives late then the later day is re-dirtied and loses its conversion', async () => {
    const p = await createProject(t.pool);
    await addRule(t.pool, p.id, 'exact', THANKS);
    const v = visitor();
    await ingest.write(p, [ev.play(v, '2026-03-09T10:00:00Z', randomUUID()), ev.pageView(v, '2026-03-10T00:30:00Z', THANKS)]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-10')).to.deep.equal({ 'v1/s1': 1 });

    await ingest.write(p, [ev.pageView(v, '2026-03-09T23:00:00Z', THANKS)]);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-09', '2026-03-10']);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-09')).to.deep.equal({ 'v1/s1': 1 });
    expect(await conversions(t.pool, p.id, '2026-03-10')).to.deep.equal({});
  });

  it('when rules are exact, prefix and pattern then they match as documented: query and host case ignored, glob never a regex or LIKE', async () => {
    const p = await createProject(t.pool);
    const exact = 'https://Shop.Example/done?x=1#top';
    await addRule(t.pool, p.id, 'exact', exact);
    await addRule(t.pool, p.id, 'prefix', 'https://shop.example/order/');
    await addRule(t.pool, p.id, 'pattern', 'https://shop.example/a_b/*/ok');
    const cases: [string, number][] = [
      ['https://shop.example/done?utm_source=x', 1], // exact: query ignored, host lowercased
      ['https://shop.example/Done', 0], // paths are case-sensitive
      ['https://shop.example/order/42', 1], // prefix
      ['https://shop.example/orders', 0],
      ['https://shop.example/a_b/1/2/ok', 1], // `*` spans anything, `_` is literal
      ['https://shop.example/aXb/1/ok', 0], // `_` is not LIKE's single-character wildcard
    ];
    for (const [url, expected] of cases) {
      const v = visitor();
      await ingest.write(p, [ev.play(v, '2026-03-09T10:00:00Z', randomUUID(), 'v1', url.replace(/\W/g, '')), ev.pageView(v, '2026-03-09T11:00:00Z', url)]);
      await rollupAll(t.pool);
      const got = await conversions(t.pool, p.id, '2026-03-09');
      expect(got[`v1/${url.replace(/\W/g, '')}`] ?? 0, url).to.equal(expected);
    }
  });

  it('when an orderId repeats across days and visitors then only its first in-window conversion counts, forever', async () => {
    const p = await createProject(t.pool);
    const [a, b, c] = [visitor(), visitor(), visitor()];
    await ingest.write(p, [
      ev.play(a, '2026-03-01T10:00:00Z', randomUUID(), 'v1', 's1'),
      ev.play(b, '2026-03-01T10:00:00Z', randomUUID(), 'v2', 's2'),
      ev.conversion(a, '2026-03-02T10:00:00Z', { orderId: 'o-1', value: 10, currency: 'USD' }),
      ev.conversion(c, '2026-03-02T10:00:00Z', { orderId: 'o-2' }), // c has no play yet: takes no key
      // Without an orderId, each conversion counts.
      ev.conversion(b, '2026-03-02T11:00:00Z'),
      ev.conversion(b, '2026-03-02T11:00:00Z'),
    ]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-02')).to.deep.equal({ 'v1/s1': 1, 'v2/s2': 2 });

    await ingest.write(p, [
      ev.conversion(a, '2026-03-03T10:00:00Z', { orderId: 'o-1', value: 10, currency: 'USD' }), // resent with a new event id
      ev.conversion(b, '2026-03-04T10:00:00Z', { orderId: 'o-1' }), // another visitor, same order
      ev.play(c, '2026-03-03T10:00:00Z', randomUUID(), 'v3', 's3'),
      ev.conversion(c, '2026-03-04T10:00:00Z', { orderId: 'o-2' }),
    ]);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-02')).to.deep.equal({ 'v1/s1': 1, 'v2/s2': 2 });
    expect(await conversions(t.pool, p.id, '2026-03-03')).to.deep.equal({});
    expect(await conversions(t.pool, p.id, '2026-03-04')).to.deep.equal({ 'v3/s3': 1 });

    // An earlier in-window conversion of o-2 arriving late takes the key; 03-04 is re-dirtied.
    await ingest.write(p, [ev.conversion(c, '2026-03-03T12:00:00Z', { orderId: 'o-2' })]);
    // 03-02 too: the conversion joins c's session, which started there.
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-02', '2026-03-03', '2026-03-04']);
    await rollupAll(t.pool);
    expect(await conversions(t.pool, p.id, '2026-03-03')).to.deep.equal({ 'v3/s3': 1 });
    expect(await conversions(t.pool, p.id, '2026-03-04')).to.deep.equal({});
  });

  it('when conversions carry several currencies then conversionValue sums only the project currency and each currency has its row', async () => {
    const p = await createProject(t.pool, { currency: 'EUR' });
    await addRule(t.pool, p.id, 'exact', THANKS);
    const v = visitor();
    await ingest.write(p, [
      ev.play(v, '2026-03-09T10:00:00Z', randomUUID(), 'v1', 's1'),
      ev.conversion(v, '2026-03-09T11:00:00Z', { value: 10, currency: 'EUR' }),
      ev.conversion(v, '2026-03-09T11:01:00Z', { value: 5.5, currency: 'USD' }),
      ev.conversion(v, '2026-03-09T11:02:00Z', { value: 7.25, currency: 'EUR' }),
      ev.conversion(v, '2026-03-09T11:03:00Z'), // no value
      ev.conversion(v, '2026-03-09T11:03:30Z', { currency: 'GBP' }), // a currency without a value: counted, no per-currency row
      ev.pageView(v, '2026-03-09T11:04:00Z', THANKS), // URL goal: no value
    ]);
    await rollupAll(t.pool);
    const day = await projectDay(t.pool, p.id, '2026-03-09');
    expect(day).to.include({ conversions: 6, conversionValue: 17.25 });
    const { rows } = await t.pool.query(
      `select video_id, slot_id, currency, is_bot, conversions::int, value::float8 from daily_conversion_values where project_id = $1 order by currency`,
      [p.id],
    );
    expect(rows).to.deep.equal([
      { video_id: 'v1', slot_id: 's1', currency: 'EUR', is_bot: false, conversions: 2, value: 17.25 },
      { video_id: 'v1', slot_id: 's1', currency: 'USD', is_bot: false, conversions: 1, value: 5.5 },
    ]);
  });
});
