import { expect } from 'chai';
import { ExpectedStats, pageKeyOf, ruleMatches, storedUrlOf, type ConversionFact } from '../../helpers/scenario/expected.js';
import { generateScenario, RULE_PAGES, RULES } from '../../helpers/scenario/generate.js';
import { addDays } from '../../helpers/scenario/time.js';
import type { Scenario } from '../../helpers/scenario/types.js';

/**
 * The independent expectation must itself say what the definitions say (docs/architecture.md,
 * "Identity and definitions"). These checks (no I/O) pin
 * its reading on the hand-made cases, so that agreement with the SQL is not agreement on a
 * shared mistake.
 */

// A fixed "now" keeps these checks the same on every day they run.
const NOW = Date.parse('2026-11-23T18:00:00Z');

function scenario(timezone: string, currency: string, foreign: string[]): Scenario {
  return generateScenario({ name: timezone, seed: 7, timezone, currency, foreignCurrencies: foreign, now: NOW });
}

const RULE = {
  exact: 'thank-you (exact)',
  prefix: 'sign-up done (prefix)',
  promo: 'fall campaign (prefix with utm)',
  orders: 'order complete (pattern)',
  signup: 'any sign-up page (pattern)',
} as const;

describe('scenario expectations follow the definitions (no I/O)', () => {
  it('URL rules: exact ignores query and fragment; prefix and pattern read the stored URL; no LIKE or regex semantics', () => {
    const want: Record<string, string[]> = {
      'https://shop.example/checkout/thank-you?order=1001': [RULE.exact],
      'https://SHOP.EXAMPLE/checkout/thank-you#receipt': [RULE.exact],
      'https://shop.example/checkout/thank-you/': [],
      'http://shop.example/checkout/thank-you': [],
      'https://shop.example/Checkout/thank-you': [],
      'https://shop.example/sign_up/done': [RULE.prefix, RULE.signup],
      'https://shop.example/sign_up/done?utm_source=mail&email=a%40b.example': [RULE.prefix, RULE.signup],
      'https://shop.example/signXup/done': [],
      'https://shop.example/sign_up/start': [RULE.signup],
      'https://shop.example/promo?gclid=zz&utm_campaign=fall': [RULE.promo],
      'https://shop.example/promo?utm_campaign=fall2': [RULE.promo],
      'https://shop.example/promo?utm_campaign=spring': [],
      'https://shop.example/promo?ref=fall': [],
      'https://shop.example/orders/8812/order_complete.html': [RULE.orders],
      'https://Shop.example/orders/A-77/order_complete.html?session=abc': [RULE.orders],
      'https://shop.example/orders/8812/orderXcomplete.html': [],
      'https://shop.example/orders/8812/order_completeXhtml': [],
      'https://shop.example/orders/order_complete.html': [],
    };
    expect(Object.keys(want)).to.have.members(RULE_PAGES);
    for (const url of RULE_PAGES) {
      expect(RULES.filter((r) => ruleMatches(r, url)).map((r) => r.name), url).to.deep.equal(want[url]);
    }
  });

  it('page keys and stored URLs', () => {
    expect(pageKeyOf('https://SHOP.example:443/Products/Boots?x=1#y')).to.equal('https://shop.example/Products/Boots');
    expect(pageKeyOf('http://Shop.Example/sale/')).to.equal('http://shop.example/sale/');
    expect(storedUrlOf('https://Shop.Example/a?gclid=1&utm_source=x&utm_medium=y#f')).to.equal('https://shop.example/a?utm_source=x&utm_medium=y');
  });

  for (const [tz, currency, foreign] of [
    ['Asia/Tokyo', 'JPY', ['USD', 'EUR']],
    ['America/New_York', 'USD', ['EUR', 'GBP']],
  ] as const) {
    describe(tz, () => {
      const s = scenario(tz, currency, [...foreign]);
      const x1 = new ExpectedStats(s, s.events.filter((e) => e.phase === 1));
      const x2 = new ExpectedStats(s, s.events);
      const byId = new Map(s.events.map((e) => [e.id, e]));
      const visitor = (name: string): string => {
        const v = s.cases[name];
        if (v === undefined) throw new Error(`no case ${name}`);
        return v;
      };
      const mark = (name: string): string => {
        const d = s.marks[name];
        if (d === undefined) throw new Error(`no mark ${name}`);
        return d;
      };
      const orderOf = (c: ConversionFact): string | undefined => {
        const e = byId.get(c.eventId);
        return e?.type === 'conversion' ? e.orderId : undefined;
      };
      /** "day what slot" per counted conversion of a visitor, in time order. */
      const conv = (x: ExpectedStats, name: string): string[] =>
        x.conversions
          .filter((c) => c.visitorId === visitor(name))
          .map((c) => `${c.day} ${c.kind === 'rule' ? c.rule! : `order:${orderOf(c) ?? '-'}`} ${c.slotId}`);
      const playDays = (x: ExpectedStats, name: string): string[] =>
        x.plays().filter((p) => p.visitorId === visitor(name)).map((p) => p.day).sort();

      it('K1: a session across midnight: play and first 25 % on day one, 50 % the next; the goal once', () => {
        const d = mark('midnight');
        const next = addDays(d, 1);
        expect(playDays(x1, 'K1')).to.deep.equal([d]);
        const play = x1.plays().find((p) => p.visitorId === visitor('K1'))!;
        const ms = x1.milestones().filter((m) => m.playId === play.playId).map((m) => `${m.percent}@${m.day}`).sort();
        expect(ms).to.deep.equal([`25@${d}`, `50@${next}`]);
        expect(conv(x1, 'K1')).to.have.length(2);
        expect(conv(x1, 'K1')[0]).to.equal(`${d} ${RULE.exact} beta-main`);
        expect(conv(x1, 'K1')[1]).to.match(new RegExp(`^${next} order:\\S+ beta-main$`));
        const o = x1.overview(d, next);
        // The session spans midnight: it counts once, on its start day, while its visitor counts on both days.
        expect(o.series.map((day) => day.sessions).reduce((a, b) => a + b)).to.equal(o.totals.sessions);
        expect(o.series.map((day) => day.visitors).reduce((a, b) => a + b)).to.be.above(o.totals.visitors);
        const k1 = x1.sessions.filter((f) => f.visitorId === visitor('K1'));
        expect(k1.map((f) => f.day)).to.include(d);
      });

      it('K2: the window is [0, 30 x 24 h]; an out-of-window order id is not consumed', () => {
        const c = conv(x1, 'K2');
        const edge = mark('windowEdge');
        expect(c[0]).to.equal(`${edge} ${RULE.exact} gamma:1`);
        expect(c.slice(1).map((l) => l.split(' ').slice(1).join(' '))).to.deep.equal([
          'order:BOUNDARY-1 alpha-hero',
          `${RULE.prefix} alpha-hero`,
          `${RULE.signup} alpha-hero`,
        ]);
      });

      it('K3/K10: an order id counts once per project, and only when a non-bot conversion counts', () => {
        const twice = x1.conversions.filter((c) => orderOf(c) === 'ORDER-TWICE');
        expect(twice.map((c) => c.visitorId)).to.deep.equal([visitor('K3')]);
        expect(conv(x1, 'K3').filter((l) => l.includes('order:-'))).to.have.length(2);
        expect(conv(x1, 'K3other')).to.deep.equal([]);
        expect(x1.conversions.filter((c) => orderOf(c) === 'SHARED-ORDER').map((c) => c.visitorId)).to.deep.equal([visitor('K10')]);
        expect(conv(x1, 'K10bot')).to.deep.equal([]);
        expect(s.events.filter((e) => e.visitorId === visitor('K10prerendered')).every((e) => e.bot)).to.equal(true);
      });

      it('K4: values in the project currency sum; others are reported per code', () => {
        const d = mark('currencies');
        const o = x1.overview(d, d).totals;
        expect(Object.keys(o.otherCurrencies)).to.include.members([...foreign]);
        expect(o.conversionValue).to.be.above(0);
      });

      it('K7: a milestone at 23:59:59.998 counts on its day, the play at 00:00:00.000 on the next', () => {
        const d = mark('exactMidnight');
        const play = x1.plays().find((p) => p.visitorId === visitor('K7'))!;
        expect(play.day).to.equal(addDays(d, 1));
        expect(x1.milestones().filter((m) => m.playId === play.playId).map((m) => m.day)).to.deep.equal([d]);
      });

      it('K14: nothing counts before the first play; a newer play does not take an earlier conversion', () => {
        const c = conv(x1, 'K14');
        expect(c).to.have.length(2);
        for (const l of c) expect(l.endsWith(' gamma:1')).to.equal(true);
      });

      it('late events move plays, milestones and conversions', () => {
        const d = mark('lateMove');
        expect(playDays(x1, 'L1')).to.deep.equal([addDays(d, 1)]);
        expect(playDays(x2, 'L1')).to.deep.equal([d]);
        const p = x2.plays().find((q) => q.visitorId === visitor('L1'))!;
        expect(x1.milestones().filter((m) => m.playId === p.playId).map((m) => `${m.percent}@${m.day}`).sort()).to.deep.equal([`25@${addDays(d, 1)}`, `50@${addDays(d, 1)}`]);
        expect(x2.milestones().filter((m) => m.playId === p.playId).map((m) => `${m.percent}@${m.day}`).sort()).to.deep.equal([`25@${d}`, `50@${addDays(d, 1)}`]);

        const t = mark('lateTakeover');
        expect(conv(x1, 'L2')).to.deep.equal([`${t} order:L2-ORDER alpha-hero`]);
        expect(conv(x2, 'L2')).to.deep.equal([`${t} order:L2-ORDER gamma:2`]);

        const w = mark('lateWindow');
        expect(conv(x1, 'L2b')).to.deep.equal([]);
        expect(conv(x2, 'L2b')).to.deep.equal([`${w} ${RULE.prefix} gamma:1`, `${w} ${RULE.signup} gamma:1`]);

        const o = mark('lateOrder');
        expect(conv(x1, 'L3')).to.deep.equal([`${addDays(o, 1)} order:L3-ORDER beta-end`]);
        expect(conv(x2, 'L3')).to.deep.equal([`${o} order:L3-ORDER beta-end`]);

        const g = mark('lateGoal');
        expect(conv(x1, 'L4')).to.deep.equal([`${addDays(g, 1)} ${RULE.exact} alpha-more`]);
        expect(conv(x2, 'L4')).to.deep.equal([`${g} ${RULE.exact} alpha-more`]);
      });

      it('range visitors are distinct over the range, below the sum of daily visitors', () => {
        expect(x2.overview(s.firstDay, s.lastDay).totals.visitors).to.be.below(x2.sumOfDailyVisitors(s.firstDay, s.lastDay));
      });

      if (tz === 'America/New_York') {
        it('DST 2026-11-01 (25 h): one series entry; events on the right side of both midnights', () => {
          expect(s.dstDay).to.equal('2026-11-01');
          expect(playDays(x1, 'dstA')).to.deep.equal(['2026-10-31']);
          const a = x1.plays().find((p) => p.visitorId === visitor('dstA'))!;
          expect(x1.milestones().filter((m) => m.playId === a.playId).map((m) => m.day)).to.deep.equal(['2026-11-01']);
          expect(playDays(x1, 'dstB')).to.deep.equal(['2026-11-01', '2026-11-01']);
          expect(playDays(x1, 'dstC')).to.deep.equal(['2026-11-01']);
          expect(conv(x1, 'dstC')).to.deep.equal([`2026-11-02 ${RULE.orders} alpha-more`]);
          expect(playDays(x1, 'dstD')).to.deep.equal(['2026-11-01']);
          expect(x1.overview('2026-10-31', '2026-11-02').series.map((d) => d.date)).to.deep.equal(['2026-10-31', '2026-11-01', '2026-11-02']);
        });
      }
    });
  }
});
