import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../../worker/normalize/types.js';
import { reduceSessions, type SessionDelta } from '../../../../worker/persist/sessionDelta.js';
import { HEADLESS_CHROME, IDS, jobContext, RECEIVED_AT } from '../fixtures.js';

const S2 = '55555555-5555-4555-8555-555555555555';
const T0 = Date.parse('2026-02-28T14:30:00Z'); // 23:30 in Tokyo

function ev(n: number, type: string, offsetMs: number, fields: Record<string, unknown> = {}, bot = false): NormalizedEvent {
  const job = bot ? jobContext({ context: { ...jobContext().context, userAgent: HEADLESS_CHROME } }) : jobContext();
  const id = `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const raw = { id, type, ts: T0 + offsetMs, visitorId: IDS.visitor, sessionId: IDS.session, ...fields };
  const r = normalizeEvent(raw, { ...job, receivedAt: RECEIVED_AT }, { maxEventAgeMs: 90 * 86_400_000 });
  if (r instanceof ToDeadLetter) throw new Error(r.describe());
  return r;
}

const items = (rows: NormalizedEvent[]) => rows.map((row) => ({ row, timezone: 'Asia/Tokyo' }));
const page = (path: string) => ({ url: `https://shop.example${path}` });

function summary(d: SessionDelta) {
  return {
    started: d.startedAt.toISOString(),
    ended: d.endedAt.toISOString(),
    events: d.events,
    pageviews: d.pageviews,
    interacted: d.interacted,
    isBot: d.isBot,
    entry: d.entry.event_id,
    exit: d.exit?.event_id ?? null,
    pageDays: [...d.pageDays].sort(),
  };
}

describe('persist: reduceSessions', () => {
  it('when a session has an impression before its first page view then the page view is the entry and the impression the start', () => {
    const imp = ev(1, 'impression', 0, page('/a'));
    const pv1 = ev(2, 'page_view', 60_000, page('/a'));
    const pv2 = ev(3, 'page_view', 3_600_000, page('/b'));
    const [d] = reduceSessions(items([pv2, imp, pv1]));
    expect(d && summary(d)).to.deep.equal({
      started: '2026-02-28T14:30:00.000Z',
      ended: '2026-02-28T15:30:00.000Z',
      events: 3,
      pageviews: 2,
      interacted: false,
      isBot: false,
      entry: pv1.event_id,
      exit: pv2.event_id,
      pageDays: ['2026-02-28', '2026-03-01'],
    });
  });

  it('when a session has no page view then its earliest event is the entry and it has no exit', () => {
    const a = ev(5, 'widget_open', 1000);
    const b = ev(4, 'impression', 1000);
    const [d] = reduceSessions(items([a, b]));
    // Same instant and rank: the smaller event id wins.
    expect(d && summary(d)).to.include({ entry: b.event_id, exit: null, interacted: true, pageviews: 0 });
  });

  it('when two page views share an instant then the smaller id enters and the larger exits', () => {
    const a = ev(7, 'page_view', 0, page('/a'));
    const b = ev(6, 'page_view', 0, page('/b'));
    const [d] = reduceSessions(items([a, b]));
    expect(d && summary(d)).to.include({ entry: b.event_id, exit: a.event_id });
  });

  it('when only some events are a bot\'s then the session is not a bot session, and when all are it is', () => {
    const [mixed] = reduceSessions(items([ev(1, 'page_view', 0, page('/a'), true), ev(2, 'impression', 5, page('/a'))]));
    const [bot] = reduceSessions(items([ev(1, 'page_view', 0, page('/a'), true), ev(2, 'impression', 5, page('/a'), true)]));
    expect(mixed?.isBot).to.equal(false);
    expect(bot?.isBot).to.equal(true);
  });

  it('when a batch holds two sessions then each gets its own delta, sorted by key, and page exits count as page days only', () => {
    const other = { ...ev(9, 'page_exit', 0, page('/a')), session_id: S2 };
    const ds = reduceSessions(items([other, ev(8, 'custom', 0, { name: 'x' })]));
    expect(ds.map((d) => [d.sessionId, d.events, d.pageviews, d.interacted, d.pageDays])).to.deep.equal([
      [IDS.session, 1, 0, true, []],
      [S2, 1, 0, false, ['2026-02-28']],
    ]);
  });
});
