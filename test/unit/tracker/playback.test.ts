import { expect } from 'chai';
import { Playback, type PlaybackEmit } from '../../../tracker/src/core/playback.js';

const D = 4;

/** Feeds timeupdate samples every `step` media seconds from `from` to `to` (inclusive of `to`). */
function playTo(pb: Playback, from: number, to: number, step = 0.25): PlaybackEmit[] {
  const out: PlaybackEmit[] = [];
  for (let t = from + step; t < to - 1e-9; t += step) out.push(...pb.sample(t, D));
  out.push(...pb.sample(to, D));
  return out;
}

const percents = (emits: PlaybackEmit[]) => emits.flatMap((e) => (e.kind === 'progress' ? [e.percent] : []));
const seconds = (emits: PlaybackEmit[]) => emits.reduce((s, e) => s + (e.kind === 'time' ? e.seconds : 0), 0);
const plays = (emits: PlaybackEmit[]) => emits.filter((e) => e.kind === 'play').map((e) => e.playId);
/** Each video_time as [from, to, seconds], rounded as sent. */
const ranges = (emits: PlaybackEmit[]) => emits.flatMap((e) => (e.kind === 'time' ? [[e.from, e.to, Math.round(e.seconds * 1000) / 1000]] : []));

describe('tracker: plays, milestones and watch seconds', () => {
  let n = 0;
  const pb = () => new Playback(() => `play-${++n}`);

  it('when a video plays to the end then one play, 25/50/75/100 once each, and its duration in seconds', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 3.9), ...p.pause(D, D), ...p.end(D, D)];
    expect(plays(out)).to.have.length(1);
    expect(percents(out)).to.deep.equal([25, 50, 75, 100]);
    expect(seconds(out)).to.be.closeTo(4, 1e-9);
    expect(new Set(out.map((e) => e.playId)).size).to.equal(1);
  });

  it('when the viewer seeks forward over milestones then they are not reached and the jump adds nothing', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 1.2)];
    p.seeking();
    p.seeked(2.2, false);
    out.push(...playTo(p, 2.2, 2.6), ...p.pause(2.6, D));
    expect(percents(out)).to.deep.equal([25]);
    expect(seconds(out)).to.be.closeTo(1.2 + 0.4, 1e-9);
  });

  it('when a seek shows only as a jump in timeupdate then the jump is ignored and ends the played stretch', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 0.5), ...p.sample(3.2, D), ...playTo(p, 3.2, 3.5)];
    expect(percents(out)).to.deep.equal([]);
    expect(ranges(out)).to.deep.equal([[0, 0.5, 0.5]]);
    expect(ranges(p.flush())).to.deep.equal([[3.2, 3.5, 0.3]]);
    // A sample taken while `seeking` is set counts nothing either.
    expect(p.sample(3.6, D, true)).to.deep.equal([]);
    expect(p.sample(3.7, D)).to.deep.equal([]);
  });

  it('when the viewer seeks back and re-crosses a milestone then it is not sent again', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 2.5)];
    p.seeking();
    p.seeked(0.5, false);
    out.push(...playTo(p, 0.5, 2.5));
    expect(percents(out)).to.deep.equal([25, 50]);
    expect(seconds([...out, ...p.flush()])).to.be.closeTo(4.5, 1e-9);
  });

  it('when paused and resumed then the play id is kept and paused time adds nothing', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 1), ...p.pause(1.1, D)];
    // timeupdate while paused (the page only listens while playing, but the machine must not count it)
    out.push(...p.sample(1.1, D), ...p.playing(1.1), ...playTo(p, 1.1, 2.1), ...p.pause(2.1, D));
    expect(plays(out)).to.have.length(1);
    expect(seconds(out)).to.be.closeTo(2.1, 1e-9);
    expect(out.filter((e) => e.kind === 'time')).to.have.length(2);
  });

  it('when playing again after the end then a new play starts with its own milestones', () => {
    const p = pb();
    const first = [...p.playing(0), ...playTo(p, 0, D), ...p.end(D, D)];
    const second = [...p.playing(0), ...playTo(p, 0, 1.5), ...p.pause(1.5, D)];
    const [a] = plays(first);
    const [b] = plays(second);
    expect(a).to.be.a('string');
    expect(b).to.be.a('string').and.not.equal(a);
    expect(percents(second)).to.deep.equal([25]);
    expect(second.every((e) => e.playId === b)).to.equal(true);
    expect(seconds(second)).to.be.closeTo(1.5, 1e-9);
  });

  it('when ended arrives after a seek to the end then 100 is sent once, and a second ended adds nothing', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 0.5)];
    p.seeking();
    out.push(...p.end(D, D), ...p.end(D, D));
    expect(percents(out)).to.deep.equal([100]);
  });

  it('when the heartbeat ticks then the watch seconds so far are sent and counting goes on', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 1), ...p.tick(1.25, D), ...playTo(p, 1.25, 2), ...p.tick(2, D)];
    const times = out.flatMap((e) => (e.kind === 'time' ? [e.seconds] : []));
    expect(times).to.deep.equal([1.25, 0.75]);
  });

  it('when the element is bound to another video then pending seconds go to the old play and the next start is new', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 1)];
    const old = plays(out)[0];
    const reset = p.reset();
    expect(reset).to.deep.equal([{ kind: 'time', playId: old, seconds: 1, from: 0, to: 1 }]);
    expect(plays(p.playing(1))).to.have.length(1);
  });

  it('when the duration is unknown then no milestone fires but seconds still count', () => {
    const p = pb();
    const out = [...p.playing(0), ...p.sample(0.5, Number.NaN), ...p.sample(1, Number.POSITIVE_INFINITY), ...p.flush()];
    expect(percents(out)).to.deep.equal([]);
    expect(seconds(out)).to.equal(1);
  });

  it('when the viewer seeks forward then the stretch before the seek goes out on its own and the next starts where playback resumed', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 1)];
    p.seeking();
    p.seeked(2.5, false);
    out.push(...playTo(p, 2.5, 3), ...p.pause(3, D));
    expect(ranges(out)).to.deep.equal([
      [0, 1, 1],
      [2.5, 3, 0.5],
    ]);
  });

  it('when a heartbeat flushes mid-stretch then the ranges sent are adjacent, neither overlapping nor leaving a gap', () => {
    const p = pb();
    const out = [...p.playing(0), ...playTo(p, 0, 1.5), ...p.tick(1.5, D), ...playTo(p, 1.5, 2.5), ...p.tick(2.5, D)];
    expect(ranges(out)).to.deep.equal([
      [0, 1.5, 1.5],
      [1.5, 2.5, 1],
    ]);
  });

  it('when playback starts then the play carries the media duration only when it is a finite length', () => {
    expect(pb().playing(0, 61.5)).to.deep.include.members([{ kind: 'play', playId: `play-${n}`, duration: 61.5 }]);
    for (const unknown of [NaN, Infinity, 0]) expect(pb().playing(0, unknown)[0]).to.not.have.property('duration');
  });
});
