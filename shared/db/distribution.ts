/**
 * How each table would spread over a Citus cluster (docs/architecture.md, "Distribution").
 * test/integration/migrations/distribution.test.ts holds the schema to these lists, so a new
 * table must be placed in one of them.
 */
export const DISTRIBUTION_COLUMN = 'project_id';

/**
 * One project's rows each, distributed by `project_id` (`create_distributed_table`): the
 * primary key and every unique key begin with it, so a project's rows and the keys that keep
 * them unique live on one node, and joins on project_id stay there. `events` is partitioned by
 * month; its partitions follow it.
 */
export const DISTRIBUTED_TABLES: readonly string[] = [
  'events', 'event_ids', 'dirty_days', 'rollup_days', 'rollup_failures', 'rollup_months',
  'plays', 'play_milestones', 'play_watch_ranges', 'sessions', 'visitor_firsts', 'visitor_users',
  'member_numbers', 'member_counters', 'daily_sets', 'monthly_sets',
  'daily_project', 'hourly_project', 'daily_slot', 'daily_page', 'daily_page_times', 'daily_transitions',
  'daily_conversion_values', 'daily_goals', 'daily_clicks', 'daily_custom_events', 'daily_breakdown',
  'daily_video_breakdown', 'daily_visitor_goals', 'daily_play_outcomes', 'daily_playback', 'daily_watch_curves',
  'daily_forms', 'form_submissions', 'form_starts', 'journeys', 'journey_events', 'funnels',
  'video_state_signals', 'video_state_derived', 'erased_visitors',
];

/**
 * Replicated to every node (`create_reference_table`). Small tables that every node joins or
 * that are addressed without a project, which a unique key across projects needs.
 */
export const REFERENCE_TABLES: Readonly<Record<string, string>> = {
  users: 'dashboard accounts, not per project; email unique across all',
  user_sessions: 'a sign-in looks its session up by token alone',
  projects: 'the tenants themselves; every node joins them (time zone, settings)',
  project_members: "each dashboard request reads the signed-in user's roles across projects",
  api_keys: 'a request is authenticated by its key prefix, unique across projects',
  conversion_rules: 'project catalog: small, read by rollups on every node, addressed by id through the ORM',
  slots: 'project catalog: small, joined by stats on every node, addressed by id through the ORM',
  videos: 'project catalog: small, joined by stats on every node, addressed by id through the ORM',
  dead_letters: 'queue jobs that failed; may name no project',
  retention_runs: 'one row per retention run across every project',
  lifecycle_jobs: 'addressed by job id and outlives the project a deletion job removes',
};

/** Kept on the coordinator only: the migrator's bookkeeping. */
export const LOCAL_TABLES: readonly string[] = ['mikro_orm_migrations'];
