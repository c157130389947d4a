import type { Rejection } from '../../shared/events/validate.js';

/**
 * Why events are refused, as a fixed set of labels. A rejection's own reason is worded for the
 * client and may hold numbers or a field path of the client's choosing; a label taken from it
 * would let any client mint time series without end.
 */
export const REJECTION_REASONS = [
  'ts_future',
  'ts_too_old',
  'erased_visitor',
  'too_large',
  'too_deep',
  'not_an_object',
  'unknown_type',
  'missing_field',
  'unknown_field',
  'invalid_value',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Reasons the pipeline already gives as codes. */
const CODES = new Set<string>(['ts_future', 'ts_too_old', 'erased_visitor']);

export function rejectionReason(rejection: Pick<Rejection, 'field' | 'reason'>): RejectionReason {
  const { field, reason } = rejection;
  if (CODES.has(reason)) return reason as RejectionReason;
  if (/^(event|message) is \d+ bytes/.test(reason)) return 'too_large';
  if (reason.includes('nested too deeply')) return 'too_deep';
  if (reason === 'event must be a JSON object' || (field === '' && reason === 'must be an object')) return 'not_an_object';
  if (reason === 'is not a known event type') return 'unknown_type';
  if (reason === 'is required') return 'missing_field';
  if (reason === 'is not a known field') return 'unknown_field';
  return 'invalid_value';
}
