import { writeFileSync } from 'node:fs';
import { stopAllChildren } from './processes.js';

const interruptCleanups: (() => Promise<unknown>)[] = [];

/** Run also when the benchmark is interrupted (Ctrl-C, SIGTERM): servers it started outside the child list, such as a Redis Cluster. */
export function onInterrupt(cleanup: () => Promise<unknown>): void {
  interruptCleanups.push(cleanup);
}

/**
 * A benchmark's entry point: runs it, prints its report, writes the report to `output` (undefined
 * for a smoke run, which only proves the harness works), and on Ctrl-C or SIGTERM stops every
 * child and runs the onInterrupt cleanups, so no server is left holding its port. Exits 1 with
 * the error on failure.
 */
export function runBenchMain(run: () => Promise<string>, output: URL | undefined): void {
  const interrupted = (code: number) => () =>
    void Promise.allSettled([stopAllChildren(), ...interruptCleanups.map((c) => c())]).finally(() => process.exit(code));
  process.on('SIGINT', interrupted(130));
  process.on('SIGTERM', interrupted(143));
  run().then(
    (report) => {
      process.stdout.write(`${report}\n`);
      if (output) writeFileSync(output, report);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
