/**
 * One read per key at a time, and its answer kept a short while: however many dashboards poll a
 * project, Redis runs its read script at most once per `ttlMs`. A failed read is forgotten at
 * once, so the next request tries again. At most `maxEntries` keys are kept; past that the
 * oldest goes first (a Map iterates in insertion order).
 */
export class SharedReads<T> {
  private readonly entries = new Map<string, { at: number; answer: Promise<T>; settled: boolean }>();

  constructor(
    private readonly options: { ttlMs: number; maxEntries: number; now: () => number },
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.options.now();
    const entry = this.entries.get(key);
    // A read in flight is shared however long it takes; a settled one for ttlMs after it began.
    if (entry && (!entry.settled || now - entry.at < this.options.ttlMs)) return entry.answer;
    if (entry) this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    const answer = load();
    const fresh = { at: now, answer, settled: false };
    this.entries.set(key, fresh);
    answer.then(
      () => (fresh.settled = true),
      () => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      },
    );
    return answer;
  }
}
