import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './Project.js';

export const Video = defineEntity({
  name: 'Video',
  tableName: 'videos',
  uniques: [{ properties: ['project', 'videoId'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    project: () => p.manyToOne(Project).deleteRule('cascade'),
    /** The operator's own id, as events carry it. */
    videoId: p.string().length(128),
    title: p.string().length(256),
    videoUrl: p.string().length(2048).nullable(),
    /** Media seconds; the audience-retention answer's percent points are taken of it. */
    duration: p.double().$type<number>().runtimeType('number').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type IVideo = InferEntity<typeof Video>;
