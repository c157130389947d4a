/**
 * The one matcher of page views against conversion rules, in SQL: rollups count conversions
 * with it, and the admin API's rule test answers with it. Never a regex, never LIKE syntax of
 * the rule's own (see compile.ts for the operands).
 */

/**
 * The compiled rules with what MATCHES needs of them, made once per rule. `source` is a row
 * source aliased `r` with the columns `rule_id`, `kind` and `operand`. A pattern rule's glob is
 * split at its stars (`segments`) and its longest segment kept (`longest`).
 */
export const matchableRules = (source: string): string => `select r.*, g.segments, (select s from unnest(g.segments) s order by length(s) desc limit 1) as longest
    from ${source}
    cross join lateral (select case when r.kind = 'pattern' then string_to_array(r.operand, '*') end as segments) g`;

/**
 * A page view `e` (its stored `url` and `page_key`) matches a rule `r` of matchableRules. The
 * glob's head and its longest segment are looked for inline first (both must be in a match),
 * which settles most page views without calling glob_match.
 */
export const MATCHES = `((r.kind = 'exact' and e.page_key = r.operand)
    or (r.kind = 'prefix' and starts_with(e.url, r.operand))
    or (r.kind = 'pattern' and starts_with(e.url, r.segments[1]) and strpos(e.url, r.longest) > 0 and glob_match(e.url, r.segments)))`;
