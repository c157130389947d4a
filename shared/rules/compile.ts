import { pageKeyOf as pageKeyOfUrl, parseHttpUrl } from '../events/pageUrl.js';
import { DEFAULT_RULE_LIMITS, ignoredRules, type RuleLimits } from './limits.js';

export type RuleKind = 'exact' | 'prefix' | 'pattern';

/** A conversion rule as stored in `conversion_rules`. */
export interface StoredRule {
  id: string;
  kind: string;
  pattern: string;
}

/**
 * A rule in the form the matcher (matchSql.ts) takes, chosen so that no user text is ever
 * interpreted as a regex or as LIKE syntax of its own:
 * - `exact`: `page_key = operand`, the operand being the rule URL's page key (lowercased
 *   scheme + host, then the path as given; query and fragment ignored), as events store it;
 * - `prefix`: `starts_with(url, operand)` on the stored URL (no fragment, allowlisted query);
 * - `pattern`: `glob_match(url, string_to_array(operand, '*'))`, the operand being the glob
 *   itself: `*` (which a glob cannot hold literally) is its only wildcard and every other
 *   character stands for itself; each segment between stars is looked up once, so a long
 *   pattern against a long URL costs their lengths, not their product.
 */
export interface CompiledRule {
  id: string;
  kind: RuleKind;
  operand: string;
}

/** The page key of an http(s) URL, exactly as the worker derives it for events; undefined if not one. */
export function pageKeyOf(raw: string): string | undefined {
  const url = parseHttpUrl(raw.trim());
  return url ? pageKeyOfUrl(url) : undefined;
}

/**
 * Rules that cannot match anything (an exact rule that is not an http(s) URL) are left out, and
 * so are rules over the limits (stored before them; the admin API lists them with the reason):
 * matching cost stays bounded whatever the table holds.
 */
export function compileRules(rules: readonly StoredRule[], limits: RuleLimits = DEFAULT_RULE_LIMITS): CompiledRule[] {
  const ignored = ignoredRules(rules, limits);
  const compiled: CompiledRule[] = [];
  for (const r of rules) {
    if (ignored.has(r.id)) continue;
    switch (r.kind) {
      case 'exact': {
        const key = pageKeyOf(r.pattern);
        if (key !== undefined) compiled.push({ id: r.id, kind: 'exact', operand: key });
        break;
      }
      case 'prefix':
        compiled.push({ id: r.id, kind: 'prefix', operand: r.pattern });
        break;
      case 'pattern':
        compiled.push({ id: r.id, kind: 'pattern', operand: r.pattern });
        break;
      default:
        break;
    }
  }
  return compiled;
}
