import { z } from 'zod';

/** Building blocks shared by the stats API's response shapes (schemas.ts, siteSchemas.ts). */

export const count = z.number().int().min(0);
/** Fractional; rounded to 4 decimals. */
export const decimal = z.number();
export const day = z.iso.date();

/** The range fields every answer starts with. */
export const Range = {
  timezone: z.string().meta({ description: 'The project time zone that defines its days.' }),
  from: day,
  to: day,
};
