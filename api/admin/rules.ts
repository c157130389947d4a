import { z } from 'zod';
import { ConversionRule, RULE_KINDS, type IConversionRule } from '../../shared/entities/ConversionRule.js';
import type { AdminContext, AdminHandler } from './context.js';
import { HttpUrl, notFound, parseInput, parseParam } from './validation.js';

const Kind = z.enum(RULE_KINDS);
const Pattern = z.string().trim().min(1).max(2048);

const RuleFields = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: Kind,
  pattern: Pattern,
});

/**
 * `exact` compares scheme, host and path, so it must be a URL; `prefix` is a plain string
 * prefix of the stored URL; `pattern` is a glob with `*`, never a regex, so any text is valid.
 */
export const Rule = RuleFields.superRefine((rule, ctx) => {
  if (rule.kind === 'exact' && !HttpUrl.safeParse(rule.pattern).success) {
    ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'must be an absolute http(s) URL for an exact rule' });
  }
});

export const RulePatch = RuleFields.partial();
export const RuleId = z.uuid({ error: 'must be a UUID' });

export function serializeRule(r: IConversionRule) {
  return { id: r.id, name: r.name, kind: r.kind, pattern: r.pattern, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

export const createRule: AdminHandler = async (ctx, { body }) => {
  const input = parseInput(Rule, body);
  const rule = ctx.em.create(ConversionRule, { project: ctx.projectId, ...input });
  await ctx.em.flush();
  return { status: 201, body: serializeRule(rule) };
};

export const listRules: AdminHandler = async (ctx) => {
  const rules = await ctx.em.find(ConversionRule, { project: ctx.projectId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return { status: 200, body: { rules: rules.map(serializeRule) } };
};

export const getRule: AdminHandler = async (ctx, { params }) => {
  return { status: 200, body: serializeRule(await findRule(ctx, params)) };
};

/** The merged rule is validated as a whole: changing the kind may invalidate the pattern. */
export const patchRule: AdminHandler = async (ctx, { params, body }) => {
  const rule = await findRule(ctx, params);
  const patch = parseInput(RulePatch, body ?? {}, { immutable: ['id'] });
  const merged = parseInput(Rule, { name: rule.name, kind: rule.kind, pattern: rule.pattern, ...patch });
  rule.name = merged.name;
  rule.kind = merged.kind;
  rule.pattern = merged.pattern;
  await ctx.em.flush();
  return { status: 200, body: serializeRule(rule) };
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
