import { expect } from 'chai';
import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { VIDEO_STATES } from '../../../../shared/events/videoEvents.js';
import { type DerivedEvent, derivePlay, type Signal } from '../../../../worker/persist/videoState/derive.js';
import { VIDEO_SPEC_EXPECTED, VIDEO_SPEC_LENGTH, VIDEO_SPEC_STREAM } from '../../../helpers/videoSpecStream.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const PLAY = '22222222-2222-4222-8222-222222222222';
const T0 = Date.UTC(2026, 2, 1, 12);

function signal(i: number, fields: Partial<Signal>): Signal {
  return {
    eventId: uuidv5(`signal:${i}`, PROJECT),
    at: T0,
    state: 'playing',
    position: null,
    totalLength: null,
    videoId: 'intro',
    slotId: 'hero',
    autoplay: null,
    ...fields,
  };
}

const STREAM: Signal[] = VIDEO_SPEC_STREAM.map((s, i) =>
  signal(i, { at: T0 + s.t * 1000, state: s.state, position: s.position, totalLength: VIDEO_SPEC_LENGTH, autoplay: i === 0 ? false : null }),
);

const of = (events: readonly DerivedEvent[], type: string) => events.filter((e) => e.type === type);
const at = (events: readonly DerivedEvent[], e: DerivedEvent) => STREAM.find((s) => s.eventId === e.source)!.at - T0;

describe('persist: Video Spec derivation', () => {
  it('when a stream has heartbeats, a pause, a seek back, a jump, a seek forward and a stall then it gives the hand-computed events', () => {
    const d = derivePlay(PROJECT, PLAY, STREAM)!;
    expect(d.videoId).to.equal('intro');
    expect(d.slotId).to.equal('hero');
    expect(d.events).to.have.length(VIDEO_SPEC_EXPECTED.derivedEvents);
    const [request] = of(d.events, 'video_request');
    expect(at(d.events, request!)).to.equal(0);
    expect(request!.fields).to.deep.equal({ autoplay: false });
    const [play] = of(d.events, 'video_play');
    expect(at(d.events, play!)).to.equal(2000);
    expect(play!.fields).to.deep.equal({ duration: 120, startupMs: 2000, autoplay: false });
    const times = of(d.events, 'video_time');
    expect(times.map((e) => [e.fields.from, e.fields.to])).to.deep.equal(VIDEO_SPEC_EXPECTED.stretches);
    expect(times.reduce((sum, e) => sum + e.fields.seconds!, 0)).to.equal(VIDEO_SPEC_EXPECTED.watchSeconds);
    // 25 % with the stretch ending at 30 s (t = 32), 75 % with [86, 96) (t = 119), 100 % at completion (t = 143).
    expect(of(d.events, 'video_progress').map((e) => [e.fields.percent, at(d.events, e)])).to.deep.equal([[25, 32_000], [75, 119_000], [100, 143_000]]);
    expect(of(d.events, 'video_seek').map((e) => e.fields)).to.deep.equal(VIDEO_SPEC_EXPECTED.seeks);
    expect(of(d.events, 'video_stall').map((e) => [e.fields.durationMs, at(d.events, e)])).to.deep.equal([[3000, 109_000]]);
    expect(of(d.events, 'video_pause').map((e) => e.fields)).to.deep.equal([{ position: 33 }]);
    expect(of(d.events, 'video_resume').map((e) => e.fields)).to.deep.equal([{ position: 33 }]);
    expect(of(d.events, 'video_end').map((e) => [e.fields.reason, at(d.events, e)])).to.deep.equal([['completed', 143_000]]);
  });

  it('when the same signals come in any order then the derived set is the same, ids included', () => {
    const expected = derivePlay(PROJECT, PLAY, STREAM);
    fc.assert(
      fc.property(fc.shuffledSubarray(STREAM, { minLength: STREAM.length, maxLength: STREAM.length }), (shuffled) => {
        expect(derivePlay(PROJECT, PLAY, shuffled)).to.deep.equal(expected);
      }),
    );
  });

  it('when any signal list is permuted then the derivation does not change', () => {
    const anySignal = fc.record({
      t: fc.integer({ min: 0, max: 60 }),
      state: fc.constantFrom(...VIDEO_STATES),
      position: fc.option(fc.integer({ min: 0, max: 100 })),
      totalLength: fc.option(fc.constantFrom(40, 100)),
      videoId: fc.option(fc.constantFrom('a', 'b')),
    });
    const list = fc.array(anySignal, { minLength: 1, maxLength: 12 }).map((xs) => xs.map((x, i) => signal(i, { ...x, at: T0 + x.t * 1000 })));
    fc.assert(
      fc.property(list.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), ([xs, shuffled]) => {
        expect(derivePlay(PROJECT, PLAY, shuffled)).to.deep.equal(derivePlay(PROJECT, PLAY, xs));
      }),
    );
  });

  it('when a heartbeat arrives that lies between two others then the stretch between them is split and gets new ids', () => {
    const a = signal(1, { at: T0, state: 'content_started', position: 0 });
    const c = signal(3, { at: T0 + 20_000, position: 20 });
    const before = derivePlay(PROJECT, PLAY, [a, c])!;
    const after = derivePlay(PROJECT, PLAY, [a, c, signal(2, { at: T0 + 10_000, position: 10 })])!;
    expect(of(before.events, 'video_time').map((e) => e.fields)).to.deep.equal([{ seconds: 20, from: 0, to: 20 }]);
    expect(of(after.events, 'video_time').map((e) => e.fields)).to.deep.equal([{ seconds: 10, from: 0, to: 10 }, { seconds: 10, from: 10, to: 20 }]);
    expect(of(after.events, 'video_time').map((e) => e.id)).not.to.include(of(before.events, 'video_time')[0]!.id);
  });

  it('when position moves while paused, seeking or before the first frame then no time is counted', () => {
    const d = derivePlay(PROJECT, PLAY, [
      signal(0, { at: T0, state: 'buffer_started', position: 0 }),
      signal(1, { at: T0 + 1000, state: 'playing', position: 1 }), // the first frame: nothing before it counts
      signal(2, { at: T0 + 2000, state: 'paused', position: 2 }), // [1, 2)
      signal(3, { at: T0 + 9000, state: 'seek_started', position: 2 }),
      signal(4, { at: T0 + 9500, state: 'seek_completed', position: 50 }), // still paused
      signal(5, { at: T0 + 20_000, state: 'playing', position: 60 }), // a heartbeat says it plays again: [50, 60) is after it only
      signal(6, { at: T0 + 25_000, state: 'playing', position: 65 }), // [60, 65)
    ])!;
    expect(of(d.events, 'video_time').map((e) => e.fields)).to.deep.equal([{ seconds: 1, from: 1, to: 2 }, { seconds: 5, from: 60, to: 65 }]);
    expect(of(d.events, 'video_stall')).to.deep.equal([]);
  });

  it('when no signal names a video then nothing is derived; when none names a slot then the default slot is used', () => {
    expect(derivePlay(PROJECT, PLAY, [signal(0, { state: 'content_started', videoId: null })])).to.equal(undefined);
    expect(derivePlay(PROJECT, PLAY, [signal(0, { state: 'content_started', slotId: null })])!.slotId).to.equal('default');
  });

  it('when a play is exited or interrupted then it ends as exited, once, without 100 %', () => {
    const d = derivePlay(PROJECT, PLAY, [
      signal(0, { state: 'content_started', position: 0, totalLength: 10 }),
      signal(1, { at: T0 + 3000, state: 'interrupted', position: 3 }),
      signal(2, { at: T0 + 4000, state: 'exited', position: 3 }),
    ])!;
    expect(of(d.events, 'video_end').map((e) => e.fields)).to.deep.equal([{ reason: 'exited' }]);
    expect(of(d.events, 'video_progress').map((e) => e.fields.percent)).to.deep.equal([25]);
  });
});
