import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { onExit } from './exitGuard.js';
import { entryArgs } from '../../helpers/processes.js';

/** The Procfile roles, run from source with tsx as the other process tests do. */
export const ROLE_ENTRIES = { web: 'api/main.ts', worker: 'worker/main.ts', clock: 'clock/main.ts' } as const;
export type Role = keyof typeof ROLE_ENTRIES;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal to the exit. */
  tookMs: number;
}

const OUTPUT_TAIL_CHARS = 8000;

/** One role as a child process, with the tail of its logs kept for a failure message. */
export class RoleProcess {
  private readonly child: ChildProcess;
  private output = '';
  private started = false;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly role: Role,
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, entryArgs(ROLE_ENTRIES[role]), {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-OUTPUT_TAIL_CHARS);
      // Checked on the tail right after each chunk, so a line split across chunks is still seen.
      if (this.output.includes(`"msg":"${role} started"`)) this.started = true;
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const forget = onExit(() => this.child.kill('SIGKILL'));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        forget();
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get logTail(): string {
    return this.output;
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals): Promise<Exit> {
    const started = Date.now();
    if (this.running) this.child.kill(signal);
    const { code, signal: by } = await this.exited;
    return { code, signal: by, tookMs: Date.now() - started };
  }

  /** Resident set size in KB, from /proc (the tsx loader runs in the same process). */
  rssKb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : 0;
  }

  /**
   * Resolves once the role logged that it started (its connections are up, intake open). The
   * default is generous: tsx compiles each process's imports, which takes half a minute when
   * several start at once on a busy 2-core machine.
   */
  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.started) {
      if (!this.running) throw new Error(`${this.name} exited before it started:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
