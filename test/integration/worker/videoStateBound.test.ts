import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createPool } from '../../../shared/db/pool.js';
import { ToDeadLetter } from '../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../worker/normalize/pipeline.js';
import { EventWriter, type WriteItem } from '../../../worker/persist/eventWriter.js';
import { MAX_SIGNALS_PER_PLAY } from '../../../worker/persist/videoState/record.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { count, insertProject, job } from './helpers.js';

const RECEIVED_AT = Date.parse('2026-03-01T12:00:00Z');

/**
 * A play re-derives from all of its stored signals whenever one arrives, so the number it keeps
 * must be bounded: otherwise a made-up stream of heartbeats for one playback (the write key is
 * public) makes every later write of the play read and derive more, without end.
 */
describe('persist: a Video Spec play keeps a bounded number of signals', function () {
  this.timeout(120_000);
  let t: TestEnv;
  let pool: ReturnType<typeof createPool>;
  let writer: EventWriter;
  let projectId: string;
  const visitorId = randomUUID();
  const sessionId = randomUUID();
  const playId = randomUUID();

  before(async () => {
    t = await createTestEnv();
    pool = createPool(t.config, 4);
    writer = new EventWriter(pool);
    projectId = await insertProject(pool, 'UTC');
  });
  after(async () => {
    await pool.end();
    await t.cleanup();
  });

  /** Heartbeats of the play, one a second from `first` seconds after 10:00, one more second of media each. */
  const heartbeats = (first: number, n: number): WriteItem[] =>
    Array.from({ length: n }, (_, i) => {
      const s = first + i;
      const raw = { id: randomUUID(), type: 'video_state', ts: RECEIVED_AT - 7_200_000 + s * 1000, visitorId, sessionId, playId, videoId: 'v1', state: s === 0 ? 'content_started' : 'playing', position: s, totalLength: 86_400 };
      const row = normalizeEvent(raw, job(projectId, [], { receivedAt: RECEIVED_AT }), { maxEventAgeMs: 90 * 86_400_000 });
      if (row instanceof ToDeadLetter) throw new Error(row.describe());
      return { row, timezone: 'UTC' };
    });
  const held = () => count(pool, `select count(*) as n from video_state_signals where project_id = $1 and play_id = $2`, [projectId, playId]);
  const raw = () => count(pool, `select count(*) as n from events where project_id = $1 and type = 'video_state'`, [projectId]);
  const watched = () => count(pool, `select coalesce(sum(seconds), 0) as n from events where project_id = $1 and type = 'video_time'`, [projectId]);

  it('when a batch takes a play past the bound then only its earliest signals up to the bound join the play, and every message is still stored', async () => {
    const first = heartbeats(0, MAX_SIGNALS_PER_PLAY - 10);
    await writer.write(first);
    const over = heartbeats(MAX_SIGNALS_PER_PLAY - 10, 30);
    // Shuffled within the batch: the earliest 10 fit, whatever the order in the job.
    await writer.write([...over].reverse());
    expect(await held()).to.equal(MAX_SIGNALS_PER_PLAY);
    expect(await raw()).to.equal(MAX_SIGNALS_PER_PLAY + 20);
    // Heartbeats at seconds 0 … bound − 1, one second of media each: bound − 1 seconds watched.
    expect(await watched()).to.equal(MAX_SIGNALS_PER_PLAY - 1);
  });

  it('when a full play gets more signals then they are stored as raw events and the play is not derived again', async () => {
    await writer.write(heartbeats(MAX_SIGNALS_PER_PLAY + 20, 5));
    expect(await held()).to.equal(MAX_SIGNALS_PER_PLAY);
    expect(await raw()).to.equal(MAX_SIGNALS_PER_PLAY + 25);
    expect(await watched()).to.equal(MAX_SIGNALS_PER_PLAY - 1);
  });
});
