import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { extractFields, type ExtractedFields } from '../../../../worker/normalize/fields.js';
import { checkShape } from '../../../../worker/normalize/shape.js';
import { baseEvent, IDS } from '../fixtures.js';

const VIDEO = { videoId: 'v', slotId: 's', playId: IDS.play };

function extract(raw: Record<string, unknown>): ExtractedFields | ToDeadLetter {
  const shape = checkShape(raw);
  if (shape instanceof ToDeadLetter) throw new Error('bad fixture');
  return extractFields(shape);
}

function fields(raw: Record<string, unknown>): ExtractedFields {
  const f = extract(raw);
  if (f instanceof ToDeadLetter) throw new Error(`unexpected dead letter: ${f.describe()}`);
  return f;
}

describe('normalize: playback fields', () => {
  it('when a video_play carries startupMs and autoplay then startupMs has a column and autoplay stays in props', () => {
    const f = fields(baseEvent('video_play', { ...VIDEO, startupMs: 420, autoplay: true }));
    expect(f.columns).to.include({ play_id: IDS.play, startup_ms: 420, stall_ms: null, fatal: null });
    expect(f.props).to.deep.equal({ autoplay: true });
  });

  it('when an old video_play has no startupMs then its column is null and nothing is in props', () => {
    const f = fields(baseEvent('video_play', VIDEO));
    expect(f.columns.startup_ms).to.equal(null);
    expect(f.props).to.equal(null);
  });

  it('when a stall, an error, a seek and an end arrive then only durationMs and fatal get columns', () => {
    expect(fields(baseEvent('video_stall', { ...VIDEO, durationMs: 1500 })).columns.stall_ms).to.equal(1500);
    const error = fields(baseEvent('video_error', { ...VIDEO, code: 'MEDIA_ERR_DECODE', fatal: true }));
    expect(error.columns.fatal).to.equal(true);
    expect(error.props).to.deep.equal({ code: 'MEDIA_ERR_DECODE' });
    expect(fields(baseEvent('video_seek', { ...VIDEO, from: 3, to: 9 })).props).to.deep.equal({ from: 3, to: 9 });
    expect(fields(baseEvent('video_end', { ...VIDEO, reason: 'exited' })).props).to.deep.equal({ reason: 'exited' });
  });

  it('when job data holds a startup or stall outside the contract then it is clamped, and a non-boolean fatal is a dead letter', () => {
    expect(fields(baseEvent('video_play', { ...VIDEO, startupMs: 9e15 })).columns.startup_ms).to.equal(600_000);
    expect(fields(baseEvent('video_stall', { ...VIDEO, durationMs: -5.4 })).columns.stall_ms).to.equal(0);
    const bad = extract(baseEvent('video_error', { ...VIDEO, code: 'x', fatal: 'yes' }));
    expect(bad).to.be.instanceOf(ToDeadLetter);
    expect((bad as ToDeadLetter).describe()).to.contain('fatal');
  });
});
