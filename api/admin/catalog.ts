import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { HttpError } from '../http/errors.js';

/**
 * Flushes a create; a concurrent create of the same operator id loses the race at the
 * unique constraint and becomes the same 409 the existence check gives.
 */
export async function flushCreate<T>(flush: () => Promise<T>, conflict: () => HttpError): Promise<T> {
  try {
    return await flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw conflict();
    throw err;
  }
}
