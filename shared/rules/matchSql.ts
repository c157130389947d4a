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

/** The event types event rules match; the writer re-marks days of the same session's events of these types. */
export const RULE_EVENT_TYPES = `('form_submit', 'custom', 'click')`;

/**
 * An event `e` matches an event rule `r` (columns `rule_id`, `kind`, `operand`, `qualifier`):
 * a form submit of the form id (and of the outcome when the rule names one), a custom event of
 * the name, a click of the label (and of the target when the rule names one). Every comparison
 * is exact. A form submit keeps its form id and outcome in props; `formId` and `outcome` are
 * where the row source has them.
 */
export const eventMatches = (formId: string, outcome: string): string => `((r.kind = 'form' and e.type = 'form_submit' and ${formId} = r.operand
      and (r.qualifier is null or ${outcome} = r.qualifier))
    or (r.kind = 'custom' and e.type = 'custom' and e.name = r.operand)
    or (r.kind = 'click' and e.type = 'click' and e.label = r.operand and (r.qualifier is null or e.target = r.qualifier)))`;
