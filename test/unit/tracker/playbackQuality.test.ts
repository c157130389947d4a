import { expect } from 'chai';
import { Playback, type PlaybackEmit } from '../../../tracker/src/core/playback.js';

const D = 10;
const kinds = (emits: PlaybackEmit[]) => emits.map((e) => e.kind);
const only = <K extends PlaybackEmit['kind']>(emits: PlaybackEmit[], kind: K) => emits.filter((e): e is Extract<PlaybackEmit, { kind: K }> => e.kind === kind);

describe('tracker: playback quality (request, startup, stalls, seeks, pauses, errors, end)', () => {
  let n = 0;
  const pb = () => new Playback(() => `play-${++n}`);

  it('when play is requested and the first frame comes 420 ms later then the request and the play share one playId and the play carries 420', () => {
    const p = pb();
    const out = [...p.request(1000, false), ...p.playing(0, 1420)];
    expect(kinds(out)).to.deep.equal(['request', 'play']);
    expect(out[0]).to.deep.include({ autoplay: false });
    expect(out[1]).to.deep.include({ startupMs: 420, autoplay: false });
    expect(out[0]!.playId).to.equal(out[1]!.playId);
  });

  it('when the tracker sees a play only once it is playing then the play has no startup time', () => {
    const out = pb().playing(3, 5000);
    expect(out).to.have.length(1);
    expect(out[0]).to.not.have.property('startupMs');
  });

  it('when waiting comes before the first frame or during a seek then it is no stall; after the first frame it is one, with its length', () => {
    const p = pb();
    p.request(0, true);
    p.waiting(100, false);
    const first = p.playing(0, 900);
    expect(only(first, 'play')[0]).to.deep.include({ startupMs: 900, autoplay: true });
    expect(only(first, 'stall')).to.deep.equal([]);
    p.sample(1, D);
    p.waiting(2000, false);
    const stalled = p.playing(1, 3500);
    expect(only(stalled, 'stall').map((s) => s.durationMs)).to.deep.equal([1500]);
    p.seeking();
    p.waiting(4000, true);
    p.seeked(6, false);
    expect(only(p.playing(6, 4600), 'stall')).to.deep.equal([]);
  });

  it('when a stall is under way and a seek starts then the wait belongs to the seek and is not sent', () => {
    const p = pb();
    p.request(0, false);
    p.playing(0, 10);
    p.waiting(100, false);
    p.seeking();
    expect(kinds(p.seeked(8, false))).to.deep.equal(['seek']);
    expect(only(p.playing(8, 900), 'stall')).to.deep.equal([]);
  });

  it('when the viewer seeks from 2 s to 7 s then one seek with from 2 and to 7 is sent', () => {
    const p = pb();
    p.request(0, false);
    p.playing(0, 10);
    for (const t of [0.5, 1, 1.5, 2]) p.sample(t, D);
    p.seeking();
    p.seeking();
    expect(p.seeked(7, false)).to.deep.equal([{ kind: 'seek', playId: p.playId, from: 2, to: 7 }]);
  });

  it('when the viewer pauses and plays again then a pause and a resume at that position, and no new request or play', () => {
    const p = pb();
    p.request(0, false);
    p.playing(0, 10);
    p.sample(1, D);
    const out = [...p.pause(1.5, D), ...p.pausedAt(1.5, 2000), ...p.request(5000, false), ...p.playing(1.5, 5050)];
    expect(kinds(out)).to.deep.equal(['time', 'pause', 'resume']);
    expect(only(out, 'pause')[0]!.position).to.equal(1.5);
    expect(only(out, 'resume')[0]!.position).to.equal(1.5);
  });

  it('when a fatal error comes before the first frame then an error and an end with reason error, and no play', () => {
    const p = pb();
    const out = [...p.request(0, false), ...p.error('4', true, 300), ...p.playing(0, 400)];
    expect(kinds(out).slice(0, 3)).to.deep.equal(['request', 'error', 'end']);
    expect(out[1]).to.deep.include({ code: '4', fatal: true });
    expect(out[2]).to.deep.include({ reason: 'error' });
    // A later `playing` is a new play, without a request of its own.
    expect(out[3]).to.deep.include({ kind: 'play' });
    expect(out[3]!.playId).to.not.equal(out[0]!.playId);
  });

  it('when a recoverable error is reported then the play goes on', () => {
    const p = pb();
    p.request(0, false);
    expect(kinds(p.error('source', false, 10))).to.deep.equal(['error']);
    expect(kinds(p.playing(0, 200))).to.deep.equal(['play']);
  });

  it('when the page is hidden during a stall then the stall, the watch seconds and an exited end are sent once', () => {
    const p = pb();
    p.request(0, false);
    p.playing(0, 100);
    p.sample(1, D);
    p.waiting(5000, false);
    const out = p.exit(1, D, 6200);
    expect(kinds(out)).to.deep.equal(['stall', 'time', 'end']);
    expect(only(out, 'stall')[0]!.durationMs).to.equal(1200);
    expect(only(out, 'end')[0]!.reason).to.equal('exited');
    expect(p.exit(1, D, 7000)).to.deep.equal([]);
  });

  it('when a request is abandoned before the first frame then the exit ends it, and nothing is sent without a request', () => {
    const p = pb();
    expect(p.exit(0, D, 0)).to.deep.equal([]);
    p.request(0, false);
    expect(kinds(p.exit(0, D, 3000))).to.deep.equal(['end']);
  });

  it('when the video plays to its end then an end with reason completed follows 100, and the next request is a new play', () => {
    const p = pb();
    const first = [...p.request(0, false), ...p.playing(0, 50)];
    const out = p.end(D, D);
    expect(kinds(out).slice(-1)).to.deep.equal(['end']);
    expect(only(out, 'end')[0]!.reason).to.equal('completed');
    const again = p.request(20_000, false);
    expect(kinds(again)).to.deep.equal(['request']);
    expect(again[0]!.playId).to.not.equal(first[0]!.playId);
  });

  it('when the element is rebound to another slot while playing then the play exits', () => {
    const p = pb();
    p.request(0, false);
    p.playing(0, 50);
    expect(only(p.reset(0, D, 100), 'end').map((e) => e.reason)).to.deep.equal(['exited']);
  });

  it('when the startup measured is longer than the contract allows then the play is sent without it', () => {
    const p = pb();
    p.request(0, false);
    expect(p.playing(0, 700_000)[0]).to.not.have.property('startupMs');
  });
});
