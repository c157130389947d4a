import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './Project.js';

/** Kinds matched against page views' URLs. */
export const URL_RULE_KINDS = ['exact', 'prefix', 'pattern'] as const;
/** Kinds matched against one event type: a form submit's form id, a custom event's name, a click's label. */
export const EVENT_RULE_KINDS = ['form', 'custom', 'click'] as const;
export const RULE_KINDS = [...URL_RULE_KINDS, ...EVENT_RULE_KINDS] as const;
export const CLICK_TARGETS = ['cta', 'detail', 'choice'] as const;

/**
 * A goal matched at rollup time: a URL rule against page views (`pattern` a URL, a prefix or a
 * glob with `*`, never a regex), or an event rule against events (`pattern` the form id, custom
 * event name or click label, compared exactly; `outcome` narrows a form rule, `target` a click rule).
 */
export const ConversionRule = defineEntity({
  name: 'ConversionRule',
  tableName: 'conversion_rules',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    project: () => p.manyToOne(Project).deleteRule('cascade'),
    name: p.string().length(200),
    kind: p.enum([...RULE_KINDS]),
    pattern: p.string().length(2048),
    outcome: p.string().length(256).nullable(),
    target: p.enum([...CLICK_TARGETS]).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type IConversionRule = InferEntity<typeof ConversionRule>;
