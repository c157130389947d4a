import { z } from 'zod';
import { CLICK_TARGETS, ConversionRule, EVENT_RULE_KINDS, RULE_KINDS, type IConversionRule } from '../../shared/entities/ConversionRule.js';
import { ignoredRules, MAX_PATTERN_WILDCARDS, patternProblem } from '../../shared/rules/limits.js';
import { HttpError } from '../http/errors.js';
import type { AdminContext, AdminHandler } from './context.js';
import { HttpUrl, notFound, parseInput, parseParam } from './validation.js';

const Kind = z.enum(RULE_KINDS);
/** The column's size; the configured limits (checked in the handlers) are stricter. */
const Pattern = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .meta({
    description: `At most MAX_RULE_PATTERN_CHARS characters (512 by default; 256 for an event rule: the form id, custom event name or click label, compared exactly); a \`pattern\` rule has at most ${MAX_PATTERN_WILDCARDS} \`*\`.`,
  });

const RuleFields = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: Kind,
  pattern: Pattern,
  outcome: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .nullable()
    .optional()
    .meta({ description: "A `form` rule only: the submit's outcome must equal it too; null or absent for any outcome." }),
  target: z
    .enum(CLICK_TARGETS)
    .nullable()
    .optional()
    .meta({ description: "A `click` rule only: the click's target must equal it too; null or absent for any target." }),
});

/** What an event carries at most in a form id, custom event name or click label. */
const EVENT_PATTERN_CHARS = 256;
const isEventKind = (kind: string): boolean => (EVENT_RULE_KINDS as readonly string[]).includes(kind);

/**
 * `exact` compares scheme, host and path, so it must be a URL; `prefix` is a plain string
 * prefix of the stored URL; `pattern` is a glob with `*`, never a regex, so any text is valid.
 * An event rule's pattern is compared exactly with a form id, custom event name or click label,
 * so it is no longer than those can be; `outcome` narrows only a form rule, `target` only a click rule.
 */
export const Rule = RuleFields.superRefine((rule, ctx) => {
  if (rule.kind === 'exact' && !HttpUrl.safeParse(rule.pattern).success) {
    ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'must be an absolute http(s) URL for an exact rule' });
  }
  if (isEventKind(rule.kind) && rule.pattern.length > EVENT_PATTERN_CHARS) {
    ctx.addIssue({ code: 'custom', path: ['pattern'], message: `must be at most ${EVENT_PATTERN_CHARS} characters for a ${rule.kind} rule` });
  }
  if (rule.outcome != null && rule.kind !== 'form') {
    ctx.addIssue({ code: 'custom', path: ['outcome'], message: `is only for a form rule, not a ${rule.kind} rule` });
  }
  if (rule.target != null && rule.kind !== 'click') {
    ctx.addIssue({ code: 'custom', path: ['target'], message: `is only for a click rule, not a ${rule.kind} rule` });
  }
});

export const RulePatch = RuleFields.partial();
export const RuleId = z.uuid({ error: 'must be a UUID' });

/** `ignored`: why rollups leave the rule out (a rule stored before the limits), or null. */
export function serializeRule(r: IConversionRule, ignored: string | null) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    pattern: r.pattern,
    outcome: r.outcome ?? null,
    target: r.target ?? null,
    ignored,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

type RuleInput = z.output<typeof Rule>;

/** The configured limits of one rule: a 400 naming `pattern`, as a schema violation would be. */
function checkLimits(ctx: AdminContext, rule: RuleInput): RuleInput {
  const problem = patternProblem(rule.kind, rule.pattern, ctx.config.rules);
  if (problem !== undefined) throw new HttpError(400, 'invalid_field', `pattern ${problem}`, { field: 'pattern' });
  return rule;
}

/**
 * Refuses a rule past the project's cap. Two creations racing past it can both pass; rollups
 * use only the first MAX_RULES_PER_PROJECT rules all the same, so the cost stays bounded.
 */
async function checkRoom(ctx: AdminContext): Promise<void> {
  const { perProject } = ctx.config.rules;
  const count = await ctx.em.count(ConversionRule, { project: ctx.projectId });
  if (count >= perProject) {
    throw new HttpError(409, 'too_many_rules', `this project has ${count} conversion rules and may have at most ${perProject}; delete one first`);
  }
}

/** Serializes `rules` with why each is left out of rollups, judged against all of the project's rules. */
async function withState(ctx: AdminContext, rules: readonly IConversionRule[]) {
  const all = await ctx.em.find(ConversionRule, { project: ctx.projectId });
  const ignored = ignoredRules(all, ctx.config.rules);
  return rules.map((r) => serializeRule(r, ignored.get(r.id) ?? null));
}

async function one(ctx: AdminContext, rule: IConversionRule) {
  const [body] = await withState(ctx, [rule]);
  return body;
}

export const createRule: AdminHandler = async (ctx, { body }) => {
  const input = checkLimits(ctx, parseInput(Rule, body));
  await checkRoom(ctx);
  const rule = ctx.em.create(ConversionRule, { project: ctx.projectId, ...input, outcome: input.outcome ?? null, target: input.target ?? null });
  await ctx.em.flush();
  return { status: 201, body: await one(ctx, rule) };
};

export const listRules: AdminHandler = async (ctx) => {
  const rules = await ctx.em.find(ConversionRule, { project: ctx.projectId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return { status: 200, body: { rules: await withState(ctx, rules) } };
};

export const getRule: AdminHandler = async (ctx, { params }) => {
  return { status: 200, body: await one(ctx, await findRule(ctx, params)) };
};

/**
 * The merged rule is validated as a whole: changing the kind may invalidate the pattern, and a
 * rule stored before the limits must be brought within them by any change.
 */
export const patchRule: AdminHandler = async (ctx, { params, body }) => {
  const rule = await findRule(ctx, params);
  const patch = parseInput(RulePatch, body ?? {}, { immutable: ['id'] });
  const stored = { name: rule.name, kind: rule.kind, pattern: rule.pattern, outcome: rule.outcome ?? null, target: rule.target ?? null };
  const merged = checkLimits(ctx, parseInput(Rule, { ...stored, ...patch }));
  rule.name = merged.name;
  rule.kind = merged.kind;
  rule.pattern = merged.pattern;
  rule.outcome = merged.outcome ?? null;
  rule.target = merged.target ?? null;
  await ctx.em.flush();
  return { status: 200, body: await one(ctx, rule) };
};

export const deleteRule: AdminHandler = async (ctx, { params }) => {
  const id = parseParam(params, 'ruleId', RuleId);
  const deleted = await ctx.em.nativeDelete(ConversionRule, { project: ctx.projectId, id });
  if (deleted === 0) throw notFound('conversion rule', id);
  return { status: 204 };
};

async function findRule(ctx: AdminContext, params: Partial<Record<string, string>>): Promise<IConversionRule> {
  const id = parseParam(params, 'ruleId', RuleId);
  const rule = await ctx.em.findOne(ConversionRule, { project: ctx.projectId, id });
  if (!rule) throw notFound('conversion rule', id);
  return rule;
}
