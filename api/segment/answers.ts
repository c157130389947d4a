import type { ErrorRequestHandler } from 'express';
import type { Rejection } from '../../shared/events/validate.js';
import { HttpError } from '../http/errors.js';

/**
 * Segment's clients read an error's `code` and `message` at the top level of the body; the
 * house `error: {code, message, field}` stays beside them, so one body serves both readers.
 * A full backlog is answered 429 instead of 503: analytics-node honours `Retry-After` only on
 * a 429, and retries a 503 at once, which is what a full backlog must not get. An unreachable
 * queue stays 503. Errors that are not ours pass untouched, so the last handler still logs them.
 */
export const segmentErrors: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  next(err instanceof HttpError ? asSegmentError(err) : err);
};

export function asSegmentError(err: HttpError): HttpError {
  const status = err.code === 'backlog_full' ? 429 : err.status;
  return new HttpError(status, err.code, err.message, { ...err.options, extra: { code: err.code, message: err.message, ...err.options.extra } });
}

/** The 200 of a Segment route: Segment's `success`, and Cuepoint's per-message verdicts. */
export interface SegmentSuccess {
  success: true;
  accepted: number;
  /** Indexes are positions in `batch` (0 on the single-message routes). */
  rejected: Rejection[];
}

export function segmentSuccess(accepted: number, rejected: Rejection[]): SegmentSuccess {
  return { success: true, accepted, rejected };
}
