import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A job or a single event that failed permanently, kept with its reason until replayed. */
export const DeadLetter = defineEntity({
  name: 'DeadLetter',
  tableName: 'dead_letters',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    projectId: p.uuid().nullable(),
    jobId: p.string().length(255).nullable(),
    /** An IngestJobData holding only the failed event(s), replayable as is. */
    payload: p.json<Record<string, unknown>>(),
    reason: p.text(),
    /** Indexed: retention deletes letters by age. */
    createdAt: p.datetime().onCreate(() => new Date()).index(),
    replayedAt: p.datetime().nullable(),
  },
});

export type IDeadLetter = InferEntity<typeof DeadLetter>;
