/**
 * Last-resort cleanup when the test process exits without running its after hooks (a
 * timed-out test under mocha's `exit: true`, Ctrl-C): children would otherwise outlive it,
 * holding ports and a temp folder. Only synchronous work can run in an 'exit' handler.
 */
const cleanups = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is going away either way.
    }
  }
  cleanups.clear();
}

/** Registers `cleanup` to run at exit; returns the function that unregisters it. */
export function onExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', runAll);
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
