/**
 * Transient errors are retried without limit and never use up a job's attempts: the
 * batch is fine, the database is not (down, restarting, overloaded, a lost race).
 * Anything else is the data's fault and is isolated by bisecting the batch.
 */
export { describeError, isTransient, toError, TransientError } from '../shared/errors.js';
