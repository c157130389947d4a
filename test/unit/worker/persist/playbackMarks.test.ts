import { expect } from 'chai';
import type { NormalizedEvent } from '../../../../worker/normalize/types.js';
import { playbackMarks } from '../../../../worker/persist/playbackMarks.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';

function row(type: string, iso: string, fields: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return { project_id: PROJECT, type, occurred_at: new Date(iso), startup_ms: null, fatal: null, ...fields } as NormalizedEvent;
}

describe('persist: playback marks', () => {
  it('when a first frame after midnight took long enough to start before it then the day before is marked', () => {
    const marks = playbackMarks([{ row: row('video_play', '2026-03-02T00:00:00.800Z', { startup_ms: 1800 }), timezone: 'UTC' }]);
    expect(marks).to.deep.equal([{ projectId: PROJECT, day: '2026-03-01' }]);
  });

  it('when its request was after midnight, or it carries no startup time, then no other day is marked', () => {
    expect(playbackMarks([{ row: row('video_play', '2026-03-02T00:00:02Z', { startup_ms: 1800 }), timezone: 'UTC' }])).to.deep.equal([]);
    expect(playbackMarks([{ row: row('video_play', '2026-03-02T00:00:00.5Z'), timezone: 'UTC' }])).to.deep.equal([]);
  });

  it('when a fatal error lands within ten minutes after local midnight then the local day before is marked, a non-fatal one never', () => {
    // 09:05 in Tokyo is 00:05 local: the day before there is 2026-03-01.
    const tokyo = (fatal: boolean) => ({ row: row('video_error', '2026-03-01T15:05:00Z', { fatal }), timezone: 'Asia/Tokyo' });
    expect(playbackMarks([tokyo(true)])).to.deep.equal([{ projectId: PROJECT, day: '2026-03-01' }]);
    expect(playbackMarks([tokyo(false)])).to.deep.equal([]);
    expect(playbackMarks([{ row: row('video_error', '2026-03-02T00:11:00Z', { fatal: true }), timezone: 'UTC' }])).to.deep.equal([]);
  });
});
