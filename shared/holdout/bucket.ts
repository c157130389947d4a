/**
 * A visitor's holdout bucket (docs/architecture.md, "Uplift"): FNV-1a (32 bit) of the project's
 * salt followed by the visitor id, modulo 100. A visitor whose bucket is below the project's
 * `holdoutPercent` is held out: the tracker hides the widget from them. The tracker
 * (`tracker/src/core/holdout.ts`) and the rollup's SQL function `holdout_bucket` compute the
 * same value; their tests pin the same examples.
 *
 * Salts are hex and tracker visitor ids are lowercase UUIDs, so every character is one byte
 * and char codes equal the UTF-8 bytes the SQL function hashes. The id is lowercased as
 * PostgreSQL prints a uuid.
 */
export function holdoutBucket(salt: string, visitorId: string): number {
  const text = salt + visitorId.toLowerCase();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i) & 0xff;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

/** The widest holdout a project may set: beyond half, the exposed group is the control. */
export const MAX_HOLDOUT_PERCENT = 50;
