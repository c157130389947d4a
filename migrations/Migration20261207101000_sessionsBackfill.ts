import { Migration } from '@mikro-orm/migrations';
import { REBUILD_SESSIONS_SQL, REBUILD_VISITOR_FIRSTS_SQL } from '../shared/sessions/rebuildSql.js';

/** The cap of worker/normalize/bounds.ts for campaign tags, as it was when this was written. */
const UTM_CHARS = 100;
const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

/**
 * Sessions for the events stored before the writer kept them (docs/architecture.md, "Sessions"):
 * - `visitor_firsts.first_event` keeps the id of the visitor's earliest event, so two events at
 *   the same instant resolve the same way whichever batch brings them;
 * - stored page views get their referrer source from the class they were stored with (the
 *   named platform is left empty: old rows were classified by an older host list);
 * - stored campaign tags are cut to the new cap (the worker used to keep 256 characters);
 * - `sessions` and `visitor_firsts` are built from every stored event, by the same statements
 *   the benchmark uses, and every day already rolled up is marked dirty to be rolled up again.
 */
export class Migration20261207101000_sessionsBackfill extends Migration {
  override up(): void {
    this.addSql(`alter table visitor_firsts add column first_event uuid;`);
    this.addSql(`update events set referrer_source = case referrer_class
        when 'search' then 'search' when 'social' then 'social'
        when 'email' then 'referral' when 'external' then 'referral' else 'direct' end
      where type = 'page_view' and referrer_source is null;`);
    // Stored tags are decoded text, so there is no %XX escape to keep whole; left() counts code
    // points and so never splits a surrogate pair.
    this.addSql(`update events set ${UTM.map((c) => `${c} = left(${c}, ${UTM_CHARS})`).join(', ')}
      where ${UTM.map((c) => `length(${c}) > ${UTM_CHARS}`).join(' or ')};`);
    this.addSql(`${REBUILD_SESSIONS_SQL};`);
    this.addSql(`${REBUILD_VISITOR_FIRSTS_SQL};`);
    this.addSql(`alter table visitor_firsts alter column first_event set not null;`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  /**
   * Only the column goes. The backfilled rows stay: the older code keeps sessions and
   * visitor_firsts up to date itself, and the referrer sources and shortened tags are what it
   * would write today, so putting the old values back would undo nothing anyone reads.
   */
  override down(): void {
    this.addSql(`alter table visitor_firsts drop column first_event;`);
  }
}
