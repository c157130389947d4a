/**
 * Tables created by hand-written SQL migrations and read/written with hand-written SQL.
 * The schema generator must ignore them, or it would propose dropping them.
 */
export const HAND_WRITTEN_TABLES: readonly (string | RegExp)[] = ['events', /^events_\d{4}_\d{2}$/, 'event_ids', 'dirty_days',
  'plays', 'play_milestones', 'rollup_days', 'daily_project', 'daily_slot', 'daily_page', 'daily_transitions',
  'daily_conversion_values', 'daily_goals', 'member_numbers', 'member_counters', 'daily_sets', 'monthly_sets', 'rollup_months',
  'rollup_failures', 'sessions', 'visitor_firsts', 'daily_page_times', 'hourly_project',
  'daily_breakdown', 'daily_video_breakdown', 'erased_visitors', 'lifecycle_jobs', 'retention_runs',
  'form_submissions', 'form_starts', 'daily_forms', 'journeys', 'journey_events', 'daily_visitor_goals',
  'daily_clicks', 'daily_custom_events', 'funnels', 'daily_play_outcomes', 'visitor_users',
  'play_watch_ranges', 'daily_watch_curves', 'daily_playback', 'video_state_signals', 'video_state_derived'];
