import { z } from 'zod';
import { CLICK_TARGETS, ConversionRule, type IConversionRule } from '../../shared/entities/ConversionRule.js';
import { Project, type IProject } from '../../shared/entities/Project.js';
import { storedPageUrl, type StoredPageUrl } from '../../shared/events/pageUrl.js';
import { compileRules, isEventRule } from '../../shared/rules/compile.js';
import { ignoredRules } from '../../shared/rules/limits.js';
import { eventMatches, matchableRules, MATCHES } from '../../shared/rules/matchSql.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';
import { HttpUrl, Label, parseInput } from './validation.js';

const TestEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('form_submit'), formId: Label, outcome: Label.optional() }),
    z.strictObject({ type: z.literal('custom'), name: Label }),
    z.strictObject({ type: z.literal('click'), label: Label, target: z.enum(CLICK_TARGETS).optional() }),
  ])
  .meta({ description: 'An event as event rules see it: a form submit (form id, outcome), a custom event (name) or a click (label, target).' });

export const RuleTestInput = z
  .strictObject({
    url: HttpUrl.optional().meta({ description: 'A page address, as a page view would carry it (query and fragment included).' }),
    event: TestEvent.optional(),
  })
  .refine((input) => (input.url === undefined) !== (input.event === undefined), { message: 'must have exactly one of url and event', path: ['url'] });

type TestEventInput = z.output<typeof TestEvent>;

/**
 * The rollup's matchers on one page view or one event: the compiled rules as a JSON row source
 * (the ORM's placeholders would spread an array parameter into a list), the URL as the worker
 * stores it, the event with the columns the rollup reads.
 */
const RULES_JSON = 'jsonb_to_recordset(cast(? as jsonb)) as r(rule_id uuid, kind text, operand text, qualifier text)';
const MATCH_SQL = `with rules as (${matchableRules(RULES_JSON)}),
  e as (select cast(? as text) as url, cast(? as text) as page_key)
  select r.rule_id::text as rule_id from e join rules r on ${MATCHES}`;
const EVENT_MATCH_SQL = `with r as (select * from ${RULES_JSON}),
  e as (select cast(? as text) as type, cast(? as text) as form_id, cast(? as text) as outcome, cast(? as text) as name,
    cast(? as text) as label, cast(? as text) as target)
  select r.rule_id::text as rule_id from e join r on ${eventMatches('e.form_id', 'e.outcome')}`;

/**
 * Which of the project's rules a page view of `url` (or one event) matches, and the conversions
 * it would make, decided by the same matchers and limits the rollups use: the URL is normalised
 * as the worker stores page views (no fragment, only allowlisted query parameters), and rules
 * that rollups leave out are listed with their reason and never match.
 */
export const testRules: AdminHandler = async (ctx, { body }) => {
  const input = parseInput(RuleTestInput, body);
  const project = await ctx.em.findOneOrFail(Project, ctx.projectId);
  const page = input.url === undefined ? null : (storedPageUrl(input.url, project.queryAllowlist) ?? null);
  if (input.url !== undefined && !page) throw new HttpError(400, 'invalid_field', 'url must be an absolute http(s) URL', { field: 'url' });

  const rules = await ctx.em.find(ConversionRule, { project: ctx.projectId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const ignored = ignoredRules(rules, ctx.config.rules);
  const compiled = compileRules(rules, ctx.config.rules).filter((r) => (page ? !isEventRule(r) : isEventRule(r)));
  const matched = new Set<string>();
  if (compiled.length > 0) {
    const source = JSON.stringify(compiled.map((r) => ({ rule_id: r.id, kind: r.kind, operand: r.operand, qualifier: r.qualifier })));
    const rows = page
      ? await ctx.em.execute<{ rule_id: string }[]>(MATCH_SQL, [source, page.url, page.pageKey])
      : input.event
        ? await ctx.em.execute<{ rule_id: string }[]>(EVENT_MATCH_SQL, [source, ...eventColumns(input.event)])
        : [];
    for (const row of rows) matched.add(row.rule_id);
  }

  return { status: 200, body: ruleTestBody(page, input.event ?? null, rules, matched, ignored, project) };
};

function eventColumns(e: TestEventInput): (string | null)[] {
  switch (e.type) {
    case 'form_submit':
      return [e.type, e.formId, e.outcome ?? null, null, null, null];
    case 'custom':
      return [e.type, null, null, e.name, null, null];
    case 'click':
      return [e.type, null, null, null, e.label, e.target ?? null];
  }
}

/** The answer: every rule with its verdict, and the goals a page view of the URL (or the event) would convert on. */
export function ruleTestBody(
  page: StoredPageUrl | null,
  event: TestEventInput | null,
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
    outcome: r.outcome ?? null,
    target: r.target ?? null,
    matches: matched.has(r.id),
    ignored: ignored.get(r.id) ?? null,
  }));
  // Rollups pass no rules at all when only server conversions count.
  const conversions = project.serverConversionsOnly
    ? []
    : results.filter((r) => r.matches).map((r) => ({ kind: 'rule' as const, goal: r.id, name: r.name }));
  return {
    url: page?.url ?? null,
    pageKey: page?.pageKey ?? null,
    event,
    rules: results,
    conversions,
    conversionWindowDays: project.conversionWindowDays,
    serverConversionsOnly: project.serverConversionsOnly,
  };
}
