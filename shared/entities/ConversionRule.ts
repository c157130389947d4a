import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './Project.js';

export const RULE_KINDS = ['exact', 'prefix', 'pattern'] as const;

/** A URL goal matched against page views at rollup time; `pattern` is a glob with `*`, never a regex. */
export const ConversionRule = defineEntity({
  name: 'ConversionRule',
  tableName: 'conversion_rules',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    project: () => p.manyToOne(Project).deleteRule('cascade'),
    name: p.string().length(200),
    kind: p.enum([...RULE_KINDS]),
    pattern: p.string().length(2048),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type IConversionRule = InferEntity<typeof ConversionRule>;
