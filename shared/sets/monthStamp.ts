/**
 * A month's rollup stamp as an SQL expression: the newest rollup seq of its days and how many
 * are rolled up, so it changes whenever one of them is rolled up again. A merge records it;
 * readers trust a merge only while it still matches, so both sides use this one expression.
 * `project` and `month` (its first day) are SQL expressions.
 */
export function monthStampSql(project: string, month: string): string {
  return `(select coalesce(max(d.seq), 0)::text || '/' || count(*)::text from rollup_days d
    where d.project_id = ${project} and d.day >= ${month} and d.day < (${month} + interval '1 month'))`;
}
