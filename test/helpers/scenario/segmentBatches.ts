import type { Rng } from './random.js';
import type { SegmentBatch } from './types.js';
import type { Sent } from './segmentVisitors.js';

/**
 * The requests a Segment server library makes of the messages: every visitor's messages mixed
 * together, shuffled, in batches of 40-160, so one play's signals are spread over several
 * requests in no particular order (the worker re-derives the play as each lands). Some messages
 * are sent again, as a client re-sends a batch whose answer it did not see: in the same phase,
 * and after the first rollup; each is stored once.
 */
export function planSegmentBatches(rng: Rng, sent: readonly Sent[]): SegmentBatch[] {
  const batches: SegmentBatch[] = [];
  const route = () => (batches.length % 3 === 2 ? '/v1/import' : '/v1/batch');
  const cut = (phase: 1 | 2, duplicate: boolean, list: readonly Sent[]) => {
    const shuffled = rng.shuffle(list);
    for (let i = 0; i < shuffled.length; ) {
      const n = rng.int(40, 160);
      batches.push({ phase, route: route(), duplicate, messages: shuffled.slice(i, i + n).map((s) => s.message) });
      i += n;
    }
  };
  const first = sent.filter((s) => s.event.phase === 1);
  cut(1, false, first);
  cut(1, true, first.filter(() => rng.chance(0.04)));
  cut(2, false, sent.filter((s) => s.event.phase === 2));
  cut(2, true, first.filter(() => rng.chance(0.02)));
  return batches;
}
