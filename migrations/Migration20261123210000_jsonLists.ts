import { Migration } from '@mikro-orm/migrations';

/**
 * List settings move from text[] to jsonb: the ORM writes text[] literals without quoting
 * plain words, so an entry spelled `null` came back as an SQL NULL and broke every job
 * that carried the list.
 */
export class Migration20261123210000_jsonLists extends Migration {
  override up(): void {
    for (const [table, column] of [
      ['projects', 'allowed_origins'],
      ['projects', 'form_allowlist'],
      ['projects', 'query_allowlist'],
      ['slots', 'links'],
    ] as const) {
      this.addSql(`alter table "${table}" alter column "${column}" drop default;`);
      this.addSql(`alter table "${table}" alter column "${column}" type jsonb using to_jsonb("${column}");`);
      this.addSql(`alter table "${table}" alter column "${column}" set default '[]';`);
    }
  }

  /**
   * Back to text[]: a USING expression may not hold a subquery, so a session-local function
   * turns each JSON array into its text elements.
   */
  override down(): void {
    this.addSql(`create function pg_temp.json_list_to_text_array(list jsonb) returns text[]
      language sql immutable as $$ select coalesce(array_agg(e), '{}') from jsonb_array_elements_text(list) as e $$;`);
    for (const [table, column] of [
      ['slots', 'links'],
      ['projects', 'query_allowlist'],
      ['projects', 'form_allowlist'],
      ['projects', 'allowed_origins'],
    ] as const) {
      this.addSql(`alter table "${table}" alter column "${column}" drop default;`);
      this.addSql(`alter table "${table}" alter column "${column}" type text[] using pg_temp.json_list_to_text_array("${column}");`);
      this.addSql(`alter table "${table}" alter column "${column}" set default '{}';`);
    }
    this.addSql(`drop function pg_temp.json_list_to_text_array(jsonb);`);
  }
}
