import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Fetched } from './client';
import { ApiError } from './errors';

/** Figures are rolled up about once a minute; asking every 30 s shows them soon without load (a 304 costs nothing). */
export const POLL_INTERVAL_MS = 30_000;

export interface Polled<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True until the first answer for the current inputs arrives. */
  loading: boolean;
  /** When the server last confirmed the figures (200 or 304). */
  checkedAt: number | undefined;
  /** When the figures were last rolled up, when the answer says so (ISO 8601). */
  rolledAt: string | undefined;
  reload: () => void;
}

/**
 * Loads on mount and whenever `key` changes, then again every `intervalMs` (30 s by default)
 * while the page is visible (and at once when it becomes visible again). Answers to superseded
 * inputs are dropped.
 */
export function usePolled<T>(key: string, load: () => Promise<Fetched<T>>, intervalMs = POLL_INTERVAL_MS): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'reload'>>({ data: undefined, error: undefined, loading: true, checkedAt: undefined, rolledAt: undefined });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(async (reset: boolean) => {
    const mine = ++generation.current;
    if (reset) setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const answer = await loadRef.current();
      if (mine === generation.current) {
        setState({ data: answer.body, error: undefined, loading: false, checkedAt: Date.now(), rolledAt: rolledAtOf(answer) });
      }
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'client_error', String(e));
      if (mine === generation.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, []);

  useEffect(() => {
    void run(true);
    const tick = () => {
      if (document.visibilityState === 'visible') void run(false);
    };
    const timer = window.setInterval(tick, intervalMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [key, run, intervalMs]);

  return { ...state, reload: () => void run(false) };
}

/** The rollup time a stats answer carries in its X-Cuepoint-Rolled-Up-At header. */
function rolledAtOf(answer: Fetched<unknown>): string | undefined {
  if (answer.rolledUpAt === undefined) return undefined;
  const time = Date.parse(answer.rolledUpAt);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
