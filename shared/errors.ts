/**
 * Errors that say a server Cuepoint depends on is down, restarting, overloaded or lost a race,
 * not that the input is wrong: the worker retries them without spending a job's attempts, and
 * the API answers them with a 503 the client may retry, never a 500.
 */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND', // DNS of a hosted database during failover
  '25006', // read_only_sql_transaction: a replica promoted, or a plan over its row quota
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);
/** 08: connection exception; 53: insufficient resources (disk full, out of memory, too many connections); 58: system (I/O) error. */
const TRANSIENT_CLASSES: readonly string[] = ['08', '53', '58'];
const TRANSIENT_MESSAGES: readonly string[] = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
];

/** Raised by our own code for a condition known to clear up on a retry. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

export function isTransient(err: unknown, depth = 0): boolean {
  if (err instanceof TransientError) return true;
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code !== undefined && (TRANSIENT_CODES.has(code) || (code.length === 5 && TRANSIENT_CLASSES.includes(code.slice(0, 2))))) {
    return true;
  }
  const message = err instanceof Error ? err.message : '';
  if (TRANSIENT_MESSAGES.some((m) => message.includes(m))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  if (err instanceof AggregateError) return err.errors.some((e) => isTransient(e, depth + 1));
  return 'cause' in err && isTransient(err.cause, depth + 1);
}

export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** The text stored as a dead letter's reason. */
export function describeError(err: unknown): string {
  const e = toError(err);
  const code = 'code' in e && typeof e.code === 'string' ? ` [${e.code}]` : '';
  return `${e.message || e.name}${code}`;
}
