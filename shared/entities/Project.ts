import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomBytes, randomUUID } from 'node:crypto';

export const Project = defineEntity({
  name: 'Project',
  tableName: 'projects',
  checks: [
    { name: 'projects_holdout_percent_check', expression: '((holdout_percent >= 0) AND (holdout_percent <= 50))' },
    { name: 'projects_segment_slot_property_check', expression: "((segment_slot_property)::text ~ '^[A-Za-z0-9_-]+$'::text)" },
  ],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(200),
    /** IANA zone that defines the project's calendar days; immutable after creation. */
    timezone: p.string().length(64),
    allowedOrigins: p.json<string[]>().default('[]'),
    currency: p.string().length(3).default('USD'),
    conversionWindowDays: p.integer().default(30),
    /** Days of raw events kept (shared/retention/); rollups are kept for good. */
    retentionDays: p.integer().default(90),
    /** Start of the earliest local day whose raw events are complete; null until retention first deletes. */
    rawKeptFrom: p.datetime().nullable(),
    /** Form fields whose values may be kept (never passwords, card numbers or e-mails). */
    formAllowlist: p.json<string[]>().default('[]'),
    /** Query parameters kept in stored URLs besides utm_*. */
    queryAllowlist: p.json<string[]>().default('[]'),
    /** When on, only conversions sent with the server key count; browser ones are kept but ignored. */
    serverConversionsOnly: p.boolean().default(false),
    /** Share of visitors (0–50) from whom the tracker hides the widget: the uplift's control group. */
    holdoutPercent: p.smallint().default(0),
    /** Mixed into each visitor's holdout bucket (shared/holdout/bucket.ts), so projects hold out different visitors. */
    holdoutSalt: p
      .string()
      .length(32)
      .defaultRaw(`replace((gen_random_uuid())::text, '-'::text, ''::text)`)
      .onCreate(() => randomBytes(16).toString('hex')),
    /** Property of Segment Video Spec messages that names the widget slot; null reads `slot_id` (shared/segment/slotProperty.ts). */
    segmentSlotProperty: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type IProject = InferEntity<typeof Project>;
