import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written tables of the event path (listed in schemaGenerator.skipTables):
 * dedup keys, raw events partitioned by month of corrected time, and dirty day marks.
 */
export class Migration20261123190000_events extends Migration {
  override up(): void {
    // Dedup lives apart from the partitioned table: a unique key there would need the
    // partition column, and the corrected time differs on every resend of an event.
    this.addSql(`create table event_ids (
      project_id uuid not null,
      event_id uuid not null,
      primary key (project_id, event_id)
    );`);

    this.addSql(`create table events (
      project_id uuid not null,
      event_id uuid not null,
      type text not null,
      occurred_at timestamptz not null,
      client_ts timestamptz not null,
      received_at timestamptz not null,
      visitor_id uuid not null,
      session_id uuid not null,
      play_id uuid,
      video_id text,
      slot_id text,
      to_slot_id text,
      percent smallint,
      seconds double precision,
      target text,
      label text,
      url text,
      page_key text,
      url_host text,
      url_path text,
      referrer text,
      referrer_host text,
      referrer_class text,
      utm_source text,
      utm_medium text,
      utm_campaign text,
      utm_term text,
      utm_content text,
      conversion_type text,
      value numeric(16,4),
      currency char(3),
      order_id text,
      name text,
      browser text,
      browser_version text,
      os text,
      device text,
      country char(2),
      ip_prefix text,
      is_bot boolean not null default false,
      props jsonb
    ) partition by range (occurred_at);`);
    this.addSql(`create index events_project_time_idx on events (project_id, occurred_at);`);

    // Creates the monthly partitions covering [from_month, to_month]; safe to call repeatedly.
    this.addSql(`create function ensure_event_partitions(from_ts timestamptz, to_ts timestamptz) returns integer
    language plpgsql as $$
    declare
      m timestamptz := date_trunc('month', from_ts at time zone 'UTC') at time zone 'UTC';
      created integer := 0;
      part text;
    begin
      while m <= to_ts loop
        part := 'events_' || to_char(m at time zone 'UTC', 'YYYY_MM');
        if to_regclass(part) is null then
          execute format('create table %I partition of events for values from (%L) to (%L)',
            part, m, (m at time zone 'UTC' + interval '1 month') at time zone 'UTC');
          created := created + 1;
        end if;
        m := (m at time zone 'UTC' + interval '1 month') at time zone 'UTC';
      end loop;
      return created;
    end $$;`);
    this.addSql(`select ensure_event_partitions(now() - interval '400 days', now() + interval '2 months');`);

    // A mark's seq comes from a sequence, not now(): now() is the transaction's start,
    // not its commit order, and a mark stamped that way could be cleared unprocessed.
    this.addSql(`create sequence dirty_seq;`);
    this.addSql(`create table dirty_days (
      project_id uuid not null,
      day date not null,
      seq bigint not null,
      primary key (project_id, day)
    );`);
  }

  override down(): void {
    this.addSql(`drop table dirty_days;`);
    this.addSql(`drop sequence dirty_seq;`);
    this.addSql(`drop function ensure_event_partitions(timestamptz, timestamptz);`);
    // Dropping the partitioned table drops every monthly partition with it.
    this.addSql(`drop table events;`);
    this.addSql(`drop table event_ids;`);
  }
}
