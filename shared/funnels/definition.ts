import { z } from 'zod';
import { EVENT_TYPES } from '../events/schema.js';
import { LIMITS } from '../events/limits.js';
import { pageKeyOf } from '../rules/compile.js';
import { DEFAULT_RULE_LIMITS, patternProblem } from '../rules/limits.js';

/** Funnels a project may keep: each is computed from raw events on request, so the cap bounds the work an admin can set up. */
export const MAX_FUNNELS_PER_PROJECT = 50;
export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
export const MAX_WINDOW_DAYS = 90;
export const DEFAULT_WINDOW_DAYS = 30;

export const FUNNEL_UNITS = ['session', 'visitor'] as const;
export const FUNNEL_MODES = ['ordered', 'unordered'] as const;
export const PAGE_MATCHES = ['exact', 'prefix', 'pattern'] as const;

const Text = z.string().trim().min(1).max(LIMITS.labelChars);

/**
 * A page view whose URL matches, by the conversion rules' matcher (and under their pattern
 * limits): `exact` is an absolute URL compared by page key, `prefix` a prefix of the stored URL,
 * `pattern` a glob with `*`.
 */
export const PageStep = z
  .strictObject({
    kind: z.literal('page'),
    match: z.enum(PAGE_MATCHES),
    pattern: z.string().trim().min(1).max(DEFAULT_RULE_LIMITS.patternChars),
  })
  .superRefine((step, ctx) => {
    const problem = patternProblem(step.match, step.pattern, DEFAULT_RULE_LIMITS);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    if (step.match === 'exact' && pageKeyOf(step.pattern) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'must be an absolute http(s) URL for an exact match' });
    }
  });

/** An event of a type; each field given must equal the event's (all of them, when several are). */
export const EventStep = z.strictObject({
  kind: z.literal('event'),
  type: z.enum(EVENT_TYPES),
  formId: Text.optional(),
  videoId: Text.optional(),
  target: Text.optional().meta({ description: 'The click target.' }),
  label: Text.optional().meta({ description: 'The click label.' }),
  conversionType: Text.optional(),
  name: Text.optional().meta({ description: 'The custom event name.' }),
});

export const FunnelStep = z.discriminatedUnion('kind', [PageStep, EventStep]);
export type FunnelStep = z.output<typeof FunnelStep>;

const FunnelFields = z.strictObject({
  name: z.string().trim().min(1).max(200),
  steps: z.array(FunnelStep).min(MIN_STEPS, `must have at least ${MIN_STEPS} steps`).max(MAX_STEPS, `must have at most ${MAX_STEPS} steps`),
  unit: z.enum(FUNNEL_UNITS).default('session').meta({ description: 'What is counted: sessions (default) or visitors, within `windowDays` of their first step.' }),
  windowDays: z.number().int().min(1).max(MAX_WINDOW_DAYS).default(DEFAULT_WINDOW_DAYS).meta({
    description: `Visitor unit: days after the visitor's first step in which the later steps count (1 to ${MAX_WINDOW_DAYS}, default ${DEFAULT_WINDOW_DAYS}).`,
  }),
  mode: z.enum(FUNNEL_MODES).default('ordered').meta({
    description: '`ordered` (default): each step after the previous one in time; `unordered`: a unit reaches step k when it has steps 1..k in any order.',
  }),
});

export const FunnelInput = FunnelFields;
export type FunnelInput = z.output<typeof FunnelInput>;
/** A change: any field; the merged funnel is validated as a whole. */
export const FunnelPatch = z.strictObject({
  name: FunnelFields.shape.name.optional(),
  steps: FunnelFields.shape.steps.optional(),
  unit: z.enum(FUNNEL_UNITS).optional(),
  windowDays: z.number().int().min(1).max(MAX_WINDOW_DAYS).optional(),
  mode: z.enum(FUNNEL_MODES).optional(),
});
export const FunnelId = z.uuid({ error: 'must be a UUID' });

export interface StoredFunnel extends FunnelInput {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}
