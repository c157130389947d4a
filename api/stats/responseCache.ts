/**
 * Serialized stats answers by ETag. The ETag covers everything a body depends on (project,
 * endpoint, parameters, rollup stamps of the range, catalog and settings), so a body stored
 * under a tag stays exact for as long as the tag is current: a dashboard without the tag (a
 * new tab, another user) gets it without a figure query. Concurrent requests for one tag share
 * one computation, so a rollup seen by many pollers at once is computed once per process.
 *
 * Why a stale entry is never served: a body is computed in the same snapshot as the tag it is
 * stored under (stats/controller.ts), so it holds exactly the data the tag names, on the primary
 * and on a lagging replica alike. Least recently used entries go first once the size bound is
 * reached.
 */
export class ResponseCache {
  private readonly entries = new Map<string, string>();
  private readonly inflight = new Map<string, Promise<string>>();
  private size = 0;

  /** `maxChars`: total length of the bodies kept; a body over a quarter of it is not kept. */
  constructor(private readonly maxChars: number) {}

  /** The body stored under `key`, or the one `compute` makes (shared with concurrent callers). */
  async get(key: string, compute: () => Promise<string>): Promise<string> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = compute().then(
        (body) => {
          this.inflight.delete(key);
          this.store(key, body);
          return body;
        },
        (err: unknown) => {
          this.inflight.delete(key);
          throw err;
        },
      );
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** The body stored under `key`, if any, without computing one. */
  peek(key: string): string | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Number of stored bodies (for tests and diagnostics). */
  get count(): number {
    return this.entries.size;
  }

  private store(key: string, body: string): void {
    if (body.length > this.maxChars / 4 || this.entries.has(key)) return;
    this.size += body.length;
    this.entries.set(key, body);
    for (const [oldest, value] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= value.length;
    }
  }
}
