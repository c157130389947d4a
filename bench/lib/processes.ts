import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * Every child the bench starts, so that an error or Ctrl-C anywhere still stops them all:
 * a leaked web server would keep its port and its Redis connections.
 */
const children = new Set<ChildProcess>();

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the n-th stdout line (default the first) that contains `marker`, seen before or after the call. */
  line(marker: string, timeoutMs?: number, occurrences?: number): Promise<string>;
  /** Last few KB of stderr, for error messages. */
  stderrTail(): string;
  /** Every stdout line so far. */
  stdoutLines(): readonly string[];
}

export function spawnNode(nodeArgs: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, nodeArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => lines.push(text));
  const line = async (marker: string, timeoutMs = 60_000, occurrences = 1) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.filter((l) => l.includes(marker));
      const last = found[occurrences - 1];
      if (last !== undefined) return last;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${nodeArgs.join(' ')} exited (${String(child.exitCode ?? child.signalCode)}) before "${marker}": ${stderr}`);
      }
      if (Date.now() > deadline) throw new Error(`no "${marker}" line within ${timeoutMs} ms: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, line, stderrTail: () => stderr, stdoutLines: () => lines };
}

/** SIGTERM (the graceful path every role implements), then SIGKILL if it does not stop in time. */
export async function stopChild(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, 5000)));
}

/** Runs a process to completion; resolves with its stdout, rejects with stderr on a non-zero exit. */
export async function runToEnd(command: string, args: string[], input?: string): Promise<string> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  children.delete(child);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${stderr}`);
  return stdout;
}
