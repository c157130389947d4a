import type pg from 'pg';
import { cpuMsIfAlive } from './cpuTime.js';

/** How often the backends are listed and read: a backend that exits loses at most this much of its CPU. */
const SAMPLE_MS = 100;

interface Backend {
  /** CPU ms at the start of the measure (0 for a backend that connected during it). */
  baseMs: number;
  lastMs: number;
}

/**
 * CPU used by the PostgreSQL backends serving some processes, found in pg_stat_activity by
 * their application_name (the bench gives each role of a run its own, through PGAPPNAME) and
 * read from /proc/<pid>/stat. Backends come and go during a load (a pool opens connections
 * as it needs them and closes idle ones), so they are listed again every SAMPLE_MS and each
 * keeps its last reading: one that exits still counts up to its last sample.
 * Only backends count: the WAL writer, checkpointer, background writer and autovacuum are
 * shared by every database on the server and are left out.
 */
export class BackendCpu {
  private readonly backends = new Map<number, Backend>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly applicationNames: readonly string[],
  ) {}

  async start(): Promise<this> {
    await this.sample();
    this.started = true;
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample()).catch(() => undefined); // a missed sample only loses precision
    }, SAMPLE_MS);
    return this;
  }

  /** CPU ms of every backend seen since start, and how many there were. */
  async stop(): Promise<{ ms: number; backends: number }> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    let ms = 0;
    for (const b of this.backends.values()) ms += b.lastMs - b.baseMs;
    return { ms, backends: [...this.backends.values()].filter((b) => b.lastMs > b.baseMs).length };
  }

  private async sample(): Promise<void> {
    const { rows } = await this.pool.query<{ pid: number }>(
      `select pid from pg_stat_activity where backend_type = 'client backend' and application_name = any($1::text[])`,
      [this.applicationNames],
    );
    for (const { pid } of rows) {
      const now = cpuMsIfAlive(pid);
      if (now === undefined) continue;
      const known = this.backends.get(pid);
      if (known) known.lastMs = now;
      // Seen at start: only what it uses from now on counts. Seen later: it connected during the measure.
      else this.backends.set(pid, { baseMs: this.started ? 0 : now, lastMs: now });
    }
  }
}
