/**
 * The project holdout (docs/architecture.md, "Uplift"). A visitor is held out when
 * FNV-1a-32(salt + visitor id) mod 100 is below the project's percent; the server computes the
 * same (shared/holdout/bucket.ts) and the rollup counts a `holdout` event only when it agrees.
 * Salts are hex and the tracker's visitor ids lowercase UUIDs, so char codes are the bytes.
 */
export interface HoldoutSettings {
  holdoutPercent: number;
  holdoutSalt: string;
}

/** Held out when below the project's percent; a percent of 0 holds out nobody. */
export function bucket(salt: string, visitorId: string): number {
  const s = salt + visitorId;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 100;
}

/** Stored or fetched settings, or undefined when they are not the server's shape. */
export function parseSettings(raw: string | null): HoldoutSettings | undefined {
  try {
    const s = JSON.parse(raw || '0') as HoldoutSettings | 0;
    return s && typeof s.holdoutSalt === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}
