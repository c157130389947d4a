import { writeFileSync } from 'node:fs';
import { stopAllChildren } from './processes.js';

/**
 * A benchmark's entry point: runs it, prints its report, writes the report to `output` (undefined
 * for a smoke run, which only proves the harness works), and stops every child on Ctrl-C so no
 * server is left holding its port. Exits 1 with the error on failure.
 */
export function runBenchMain(run: () => Promise<string>, output: URL | undefined): void {
  process.on('SIGINT', () => void stopAllChildren().finally(() => process.exit(130)));
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
