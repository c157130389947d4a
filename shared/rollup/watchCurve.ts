/**
 * Media seconds an audience-retention curve keeps apart: four hours. Whatever is watched past it
 * counts in the last second, so no watching is lost and no day's array outgrows 14,400 entries.
 */
export const MAX_WATCH_CURVE_SECONDS = 14_400;
