import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './Project.js';

/** A place in the widget showing one video with a CTA and a details button; slots link for branching. */
export const Slot = defineEntity({
  name: 'Slot',
  tableName: 'slots',
  uniques: [{ properties: ['project', 'slotId'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    project: () => p.manyToOne(Project).deleteRule('cascade'),
    slotId: p.string().length(128),
    /** The operator's video id; not a foreign key so that events for unknown ids still count. */
    videoId: p.string().length(128),
    ctaLabel: p.string().length(256).nullable(),
    ctaUrl: p.string().length(2048).nullable(),
    detailLabel: p.string().length(256).nullable(),
    detailUrl: p.string().length(2048).nullable(),
    /** Slot ids a viewer can branch to from this slot. */
    links: p.json<string[]>().default('[]'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type ISlot = InferEntity<typeof Slot>;
