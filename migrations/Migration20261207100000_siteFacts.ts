import { Migration } from '@mikro-orm/migrations';

/**
 * The facts behind site analytics (docs/architecture.md, "Sessions"):
 * - new event columns: the referrer's source class and named platform, the browser's language
 *   and screen class, the place below the country, and a page_exit's time on page and scroll;
 * - `sessions`: one row per (project, session), kept up to date by the writer from the
 *   events it stores, so a day's rollup reads the sessions that started on it without
 *   scanning the events of the days around it;
 * - `visitor_firsts`: each visitor's earliest event and its session, the visitor's first
 *   session (new vs returning).
 */
export class Migration20261207100000_siteFacts extends Migration {
  override up(): void {
    // Adding nullable columns without a default only changes the catalog, even on a large table.
    this.addSql(`alter table events
      add column referrer_source text,
      add column referrer_platform text,
      add column language text,
      add column screen_class text,
      add column region text,
      add column city text,
      add column latitude real,
      add column longitude real,
      add column time_on_page_ms integer,
      add column max_scroll_percent real;`);

    // Entry attributes come from the session's entry event: its earliest page view, or its
    // earliest event when it has none (entry_rank 0 and 1, then entry_at, then entry_event).
    // The exit page is its latest page view (exit_at, then exit_event).
    this.addSql(`create table sessions (
      project_id uuid not null,
      session_id uuid not null,
      visitor_id uuid not null,
      started_at timestamptz not null,
      ended_at timestamptz not null,
      events integer not null,
      pageviews integer not null,
      interacted boolean not null,
      is_bot boolean not null,
      entry_rank smallint not null,
      entry_at timestamptz not null,
      entry_event uuid not null,
      entry_page text,
      referrer_source text,
      referrer_platform text,
      referrer_class text,
      referrer_host text,
      utm_source text,
      utm_medium text,
      utm_campaign text,
      utm_term text,
      utm_content text,
      device text,
      browser text,
      os text,
      language text,
      screen_class text,
      country text,
      region text,
      city text,
      latitude real,
      longitude real,
      exit_at timestamptz,
      exit_event uuid,
      exit_page text,
      primary key (project_id, session_id)
    );`);
    this.addSql(`create index sessions_project_start_idx on sessions (project_id, started_at);`);

    this.addSql(`create table visitor_firsts (
      project_id uuid not null,
      visitor_id uuid not null,
      first_at timestamptz not null,
      session_id uuid not null,
      is_bot boolean not null,
      primary key (project_id, visitor_id)
    );`);
  }

  override down(): void {
    this.addSql(`drop table visitor_firsts;`);
    this.addSql(`drop table sessions;`);
    this.addSql(`alter table events
      drop column referrer_source, drop column referrer_platform, drop column language,
      drop column screen_class, drop column region, drop column city, drop column latitude,
      drop column longitude, drop column time_on_page_ms, drop column max_scroll_percent;`);
  }
}
