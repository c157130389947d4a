import { z } from 'zod';

/** RFC 5321 caps a forward path at 256 octets, of which 254 are the address. */
export const MAX_EMAIL_CHARS = 254;

/**
 * The e-mail address a journey is filed under: trimmed and lowercased, so `Ann@Shop.example `
 * and `ann@shop.example` find the same journeys, then checked as an address.
 */
export const JourneyEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().max(MAX_EMAIL_CHARS, `must be at most ${MAX_EMAIL_CHARS} characters`).pipe(z.email('must be an e-mail address')));
