import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { minuteOf } from '../../../../shared/realtime/keys.js';
import { planRealtime, uuidBytes, type RealtimeRow } from '../../../../worker/realtime/plan.js';
import { rtRow } from '../../../helpers/realtimeRows.js';

const NOW = Date.parse('2026-05-01T12:30:20Z');
const P = randomUUID();

const row = (type: string, at: number, fields: Partial<RealtimeRow> = {}): RealtimeRow => rtRow(P, type, at, fields);

describe('realtime plan: what a batch adds to which minute', () => {
  it('when events are older than the window, from bots, or ahead of now then the old and bot ones are left out and the early one counts now', () => {
    const [gain] = planRealtime(
      [
        row('page_view', NOW - 30 * 60_000, { page_key: 'https://a.example/old' }),
        row('page_view', NOW - 29 * 60_000, { page_key: 'https://a.example/edge' }),
        row('page_view', NOW - 1000, { page_key: 'https://a.example/bot', is_bot: true }),
        row('page_view', NOW + 90_000, { page_key: 'https://a.example/ahead' }),
      ],
      NOW,
    );
    expect(gain?.minutes.map((m) => [m.minute - minuteOf(NOW), m.pageviews.map(([, page]) => page)])).to.deep.equal([
      [-29, ['https://a.example/edge']],
      [0, ['https://a.example/ahead']],
    ]);
  });

  it('when a minute repeats a visitor, session, event id or play id then each is sent once, ids as 16 bytes', () => {
    const visitor = randomUUID();
    const session = randomUUID();
    const play = randomUUID();
    const view = row('page_view', NOW, { visitor_id: visitor, session_id: session, page_key: 'https://a.example/' });
    const rows = [
      view,
      { ...view },
      row('video_play', NOW, { visitor_id: visitor, session_id: session, play_id: play, video_id: 'intro' }),
      row('video_play', NOW, { visitor_id: visitor, session_id: session, play_id: play, video_id: 'intro' }),
      row('widget_open', NOW, { visitor_id: visitor.toUpperCase(), session_id: session }),
    ];
    const [gain] = planRealtime(rows, NOW);
    const [minute] = gain?.minutes ?? [];
    expect(minute?.visitors).to.deep.equal([uuidBytes(visitor)]);
    expect(minute?.sessions).to.deep.equal([uuidBytes(session)]);
    expect(minute?.pageviews).to.deep.equal([[uuidBytes(view.event_id), 'https://a.example/']]);
    expect(minute?.plays).to.deep.equal([[uuidBytes(play), 'intro']]);
    expect(minute?.opens).to.have.length(1);
    expect(uuidBytes(visitor)).to.have.length(16);
  });

  it('when a batch mixes projects then each gets its own share', () => {
    const other = randomUUID();
    const gains = planRealtime([row('page_view', NOW, { page_key: 'https://a.example/' }), row('custom', NOW, { project_id: other })], NOW);
    expect(gains.map((g) => [g.projectId, g.minutes[0]?.visitors.length, g.minutes[0]?.pageviews.length])).to.deep.equal([
      [P, 1, 1],
      [other, 1, 0],
    ]);
  });
});
