import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface ProcessWatch {
  /** Unhandled rejections and uncaught exceptions seen since `watchProcess()`. */
  readonly problems: readonly string[];
  stop(): void;
}

/**
 * Records what would crash (or silently corrupt) a production web process. The server runs in
 * this process, so a rejection nobody handles in a request path shows up here.
 * `uncaughtExceptionMonitor` observes without changing what happens next (mocha still fails).
 */
export function watchProcess(): ProcessWatch {
  const problems: string[] = [];
  const onRejection = (reason: unknown) => problems.push(`unhandledRejection: ${describe(reason)}`);
  const onException = (err: Error) => problems.push(`uncaughtException: ${describe(err)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  return {
    problems,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtExceptionMonitor', onException);
    },
  };
}

function describe(value: unknown): string {
  return value instanceof Error ? (value.stack ?? value.message) : String(value);
}

export interface MemorySample {
  heapUsedMb: number;
  rssMb: number;
}

let collect: (() => void) | undefined;

/**
 * A full garbage collection, without needing `node --expose-gc` on the command line (the
 * integration run is a plain `mocha`): the flag is set at runtime and `gc` taken from a
 * fresh context, where V8 then installs it.
 */
function gc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Heap and RSS after two full collections (the second catches what finalizers of the first freed). */
export async function settledMemory(): Promise<MemorySample> {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsedMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
}
