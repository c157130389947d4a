/**
 * What a project's conversion rules may cost a rollup. A rollup matches every rule against
 * every page view of the day (and against the earlier page views of each session a rule
 * matches) with PostgreSQL's LIKE on the stored URL, which has at most 2,048 characters. LIKE
 * compares a pattern's text at each place its first character occurs, so one match costs at
 * most (URL length x pattern length) character comparisons, and a day's matching at most that
 * times (page views x rules): both rule factors are capped here.
 *
 * The admin API refuses rules over these limits. Rules stored before the limits existed are
 * left out by rollups (and listed with the reason by the admin API), so they can neither stop
 * nor slow a rollup.
 */
export interface RuleLimits {
  /** Rules a project may have (MAX_RULES_PER_PROJECT). */
  perProject: number;
  /** Characters of a rule's pattern (MAX_RULE_PATTERN_CHARS). */
  patternChars: number;
}

export const DEFAULT_RULE_LIMITS = { perProject: 50, patternChars: 512 } as const satisfies RuleLimits;

/** `*` of one `pattern` rule: enough for any page structure, and each one is another LIKE scan. */
export const MAX_PATTERN_WILDCARDS = 8;

export interface RuleText {
  id: string;
  kind: string;
  pattern: string;
}

/** Why a pattern is over the limits (a phrase after "pattern"), or undefined. */
export function patternProblem(kind: string, pattern: string, limits: RuleLimits): string | undefined {
  if (pattern.length > limits.patternChars) return `must be at most ${limits.patternChars} characters`;
  if (kind === 'pattern' && countWildcards(pattern) > MAX_PATTERN_WILDCARDS) return `must have at most ${MAX_PATTERN_WILDCARDS} * wildcards`;
  return undefined;
}

/**
 * The rules a rollup leaves out, each with its reason: those over the limits, and, in id order
 * (the order rollups read them in), every rule past the first `perProject` usable ones.
 */
export function ignoredRules(rules: readonly RuleText[], limits: RuleLimits): Map<string, string> {
  const ignored = new Map<string, string>();
  let used = 0;
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const problem = patternProblem(rule.kind, rule.pattern, limits);
    if (problem !== undefined) ignored.set(rule.id, `pattern ${problem}`);
    else if (used >= limits.perProject) ignored.set(rule.id, `beyond the ${limits.perProject} rules a project may have`);
    else used++;
  }
  return ignored;
}

function countWildcards(pattern: string): number {
  let n = 0;
  for (const ch of pattern) if (ch === '*') n++;
  return n;
}
