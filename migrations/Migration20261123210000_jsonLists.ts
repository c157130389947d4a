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
}
