import { z } from 'zod';
import { ConversionRule, type IConversionRule } from '../../shared/entities/ConversionRule.js';
import { Project, type IProject } from '../../shared/entities/Project.js';
import { storedPageUrl, type StoredPageUrl } from '../../shared/events/pageUrl.js';
import { compileRules } from '../../shared/rules/compile.js';
import { ignoredRules } from '../../shared/rules/limits.js';
import { matchableRules, MATCHES } from '../../shared/rules/matchSql.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';
import { HttpUrl, parseInput } from './validation.js';

export const RuleTestInput = z.strictObject({
  url: HttpUrl.meta({ description: 'A page address, as a page view would carry it (query and fragment included).' }),
});

/**
 * The rollup's matcher on one page view: the compiled rules as a JSON row source (the ORM's
 * placeholders would spread an array parameter into a list), the URL as the worker stores it.
 */
const MATCH_SQL = `with rules as (${matchableRules('jsonb_to_recordset(cast(? as jsonb)) as r(rule_id uuid, kind text, operand text)')}),
  e as (select cast(? as text) as url, cast(? as text) as page_key)
  select r.rule_id::text as rule_id from e join rules r on ${MATCHES}`;

/**
 * Which of the project's rules a page view of `url` matches, and the conversions it would make,
 * decided by the same matcher and limits the rollups use: the URL is normalised as the worker
 * stores page views (no fragment, only allowlisted query parameters), and rules that rollups
 * leave out are listed with their reason and never match.
 */
export const testRules: AdminHandler = async (ctx, { body }) => {
  const { url } = parseInput(RuleTestInput, body);
  const project = await ctx.em.findOneOrFail(Project, ctx.projectId);
  const page = storedPageUrl(url, project.queryAllowlist);
  if (!page) throw new HttpError(400, 'invalid_field', 'url must be an absolute http(s) URL', { field: 'url' });

  const rules = await ctx.em.find(ConversionRule, { project: ctx.projectId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const ignored = ignoredRules(rules, ctx.config.rules);
  const compiled = compileRules(rules, ctx.config.rules);
  const matched = new Set<string>();
  if (compiled.length > 0) {
    const source = JSON.stringify(compiled.map((r) => ({ rule_id: r.id, kind: r.kind, operand: r.operand })));
    for (const row of await ctx.em.execute<{ rule_id: string }[]>(MATCH_SQL, [source, page.url, page.pageKey])) matched.add(row.rule_id);
  }

  return { status: 200, body: ruleTestBody(page, rules, matched, ignored, project) };
};

/** The answer: every rule with its verdict, and the goals a page view of the URL would convert on. */
export function ruleTestBody(
  page: StoredPageUrl,
  rules: readonly IConversionRule[],
  matched: ReadonlySet<string>,
  ignored: ReadonlyMap<string, string>,
  project: Pick<IProject, 'conversionWindowDays' | 'serverConversionsOnly'>,
) {
  const results = rules.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    pattern: r.pattern,
    matches: matched.has(r.id),
    ignored: ignored.get(r.id) ?? null,
  }));
  // Rollups pass no rules at all when only server conversions count.
  const conversions = project.serverConversionsOnly
    ? []
    : results.filter((r) => r.matches).map((r) => ({ kind: 'rule' as const, goal: r.id, name: r.name }));
  return {
    url: page.url,
    pageKey: page.pageKey,
    rules: results,
    conversions,
    conversionWindowDays: project.conversionWindowDays,
    serverConversionsOnly: project.serverConversionsOnly,
  };
}
