/**
 * Tables created by hand-written SQL migrations and read/written with hand-written SQL.
 * The schema generator must ignore them, or it would propose dropping them.
 */
export const HAND_WRITTEN_TABLES: readonly (string | RegExp)[] = ['events', /^events_\d{4}_\d{2}$/, 'event_ids', 'dirty_days'];
