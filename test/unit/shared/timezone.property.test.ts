import { expect } from 'chai';
import fc from 'fast-check';
import { localDay } from '../../../shared/timezone.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Zones with half- and quarter-hour offsets, DST both ways, the date line, and odd historical offsets. */
const ZONES = ['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Apia', 'America/St_Johns', 'Africa/Monrovia'];
const oracles = new Map(ZONES.map((tz) => [tz, new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })]));
const intlDay = (ms: number, tz: string) => oracles.get(tz)!.format(ms);

describe('localDay: the day of an instant in a zone', () => {
  it('when instants near now, around midnights and DST changes, or a century back are asked for in any order then every day equals a fresh Intl format', () => {
    const now = Date.UTC(2026, 11, 7);
    const instant = fc.oneof(
      fc.integer({ min: now - 400 * 86_400_000, max: now + 60 * 86_400_000 }),
      // The minutes around a quarter hour's edges, where a cached quarter would first go wrong.
      fc.tuple(fc.integer({ min: (now - 400 * 86_400_000) / 900_000, max: now / 900_000 }), fc.integer({ min: -2, max: 2 })).map(([q, d]) => q * 900_000 + d),
      // Before 1900 (local mean times) and Monrovia's −00:44:30 until 1972: offsets off the quarter-hour grid.
      fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(1972, 0, 1) }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 50 }), (asks) => {
        for (const [ms, tz] of asks) expect(localDay(ms, tz), `${new Date(ms).toISOString()} ${tz}`).to.equal(intlDay(ms, tz));
      }),
      { numRuns: RUNS },
    );
  });

  it('when a zone keeps a local mean time offset then the millisecond of its midnight is still told apart', () => {
    // Monrovia kept a −00:44:30 offset until 1972: its midnights are off the quarter-hour grid,
    // so a quarter hour there can hold two days.
    const tz = 'Africa/Monrovia';
    let [before, after] = [Date.UTC(1960, 0, 10, 22), Date.UTC(1960, 0, 11, 2)];
    while (after - before > 1) {
      const mid = Math.floor((before + after) / 2);
      if (intlDay(mid, tz) === intlDay(before, tz)) before = mid;
      else after = mid;
    }
    expect(after % 900_000, 'midnight off the quarter-hour grid').to.not.equal(0);
    for (const ms of [after - 1, after, after - 1, after + 1]) expect(localDay(ms, tz)).to.equal(intlDay(ms, tz));
    expect(localDay(after - 1, tz)).to.equal('1960-01-10');
    expect(localDay(after, tz)).to.equal('1960-01-11');
  });
});
