import { Migration } from '@mikro-orm/migrations';

/**
 * Visitor journeys: a visitor's recent events, frozen when that person submits a form and linked
 * to the e-mail they gave. Both tables carry `project_id` and `visitor_id`, so deleting a project
 * or erasing a visitor reaches them like every other table; neither has a foreign key, so those
 * deletions run in bounded batches rather than as one cascade.
 */
export class Migration20261209130000_journeys extends Migration {
  override up(): void {
    this.addSql(`create table journeys (
      id uuid primary key,
      project_id uuid not null,
      visitor_id uuid not null,
      email text not null,
      form_id text,
      state text not null check (state in ('pending', 'ready', 'partial', 'failed')),
      created_at timestamptz not null,
      frozen_at timestamptz,
      event_count integer not null default 0
    );`);
    this.addSql(`create index journeys_email_idx on journeys (project_id, email, created_at desc);`);
    this.addSql(`create index journeys_visitor_idx on journeys (project_id, visitor_id);`);

    // A copy, not a reference: the raw events may be deleted by retention long before the journey.
    this.addSql(`create table journey_events (
      project_id uuid not null,
      journey_id uuid not null,
      event_id uuid not null,
      visitor_id uuid not null,
      occurred_at timestamptz not null,
      type text not null,
      data jsonb not null default '{}'::jsonb,
      primary key (journey_id, event_id)
    );`);
    this.addSql(`create index journey_events_project_idx on journey_events (project_id, visitor_id);`);
  }

  override down(): void {
    this.addSql(`drop table if exists journey_events;`);
    this.addSql(`drop table if exists journeys;`);
  }
}
