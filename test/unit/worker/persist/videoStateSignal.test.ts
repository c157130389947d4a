import { expect } from 'chai';
import { signalOf } from '../../../../worker/persist/videoState/signal.js';

const row = (props: Record<string, unknown> | null) => ({ event_id: 'AAAAAAAA-1111-4111-8111-111111111111', occurred_at: new Date(Date.UTC(2026, 2, 1)), props });

describe('persist: a stored video_state row as a signal', () => {
  it('when the row carries a known state and fields in range then they are read, the id lowercased', () => {
    expect(signalOf(row({ state: 'paused', position: 12.5, totalLength: 60, videoId: 'intro', slotId: 'hero', autoplay: true }))).to.deep.equal({
      eventId: 'aaaaaaaa-1111-4111-8111-111111111111',
      at: Date.UTC(2026, 2, 1),
      state: 'paused',
      position: 12.5,
      totalLength: 60,
      videoId: 'intro',
      slotId: 'hero',
      autoplay: true,
    });
  });

  it('when a field is outside the contract then it reads as absent, and an unknown state or no props is no signal', () => {
    expect(signalOf(row({ state: 'playing', position: -1, totalLength: 0, videoId: 'a b', slotId: 7, autoplay: 'yes' }))).to.deep.include({
      position: null,
      totalLength: null,
      videoId: null,
      slotId: null,
      autoplay: null,
    });
    expect(signalOf(row({ state: 'skipped' }))).to.equal(undefined);
    expect(signalOf(row(null))).to.equal(undefined);
  });
});
