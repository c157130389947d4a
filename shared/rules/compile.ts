import { pageKeyOf as pageKeyOfUrl, parseHttpUrl } from '../events/pageUrl.js';
import { DEFAULT_RULE_LIMITS, ignoredRules, type RuleLimits } from './limits.js';

export type UrlRuleKind = 'exact' | 'prefix' | 'pattern';
export type EventRuleKind = 'form' | 'custom' | 'click';
export type RuleKind = UrlRuleKind | EventRuleKind;

/** A conversion rule as stored in `conversion_rules`. */
export interface StoredRule {
  id: string;
  kind: string;
  pattern: string;
  outcome?: string | null;
  target?: string | null;
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
  /**
   * Event rules only: a form rule's outcome or a click rule's target, compared exactly when set
   * (matchSql.ts, EVENT_MATCHES). The operand of an event rule is its form id, custom event name
   * or click label, also compared exactly.
   */
  qualifier: string | null;
}

export const isEventRule = (rule: CompiledRule): boolean => rule.kind === 'form' || rule.kind === 'custom' || rule.kind === 'click';

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
        if (key !== undefined) compiled.push({ id: r.id, kind: 'exact', operand: key, qualifier: null });
        break;
      }
      case 'prefix':
      case 'pattern':
      case 'custom':
        compiled.push({ id: r.id, kind: r.kind, operand: r.pattern, qualifier: null });
        break;
      case 'form':
        compiled.push({ id: r.id, kind: 'form', operand: r.pattern, qualifier: r.outcome ?? null });
        break;
      case 'click':
        compiled.push({ id: r.id, kind: 'click', operand: r.pattern, qualifier: r.target ?? null });
        break;
      default:
        break;
    }
  }
  return compiled;
}
