import { z } from 'zod';
import type { serializeKey } from '../admin/keys.js';
import type { serializeProject } from '../admin/project.js';
import type { serializeRule } from '../admin/rules.js';
import type { ruleTestBody } from '../admin/ruleTest.js';
import type { serializeSlot } from '../admin/slots.js';
import type { serializeVideo } from '../admin/videos.js';
import { KEY_KINDS } from '../../shared/entities/ApiKey.js';
import { CLICK_TARGETS, RULE_KINDS } from '../../shared/entities/ConversionRule.js';
import type { Rejection } from '../../shared/events/validate.js';
import type { RollupHealth } from '../../shared/rollup/health.js';
import type { ErrorBody } from '../http/errors.js';

/**
 * Response shapes that the code builds with plain functions rather than zod (admin
 * serializers, ingest results, errors). Each is checked at compile time against the type the
 * code really returns, so the document fails to build when they drift apart.
 */

const dateTime = z.iso.datetime();

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().meta({ description: 'A stable, machine-readable reason.' }),
    message: z.string(),
    field: z.string().optional().meta({ description: 'The request part at fault: a body field, a query parameter or a header.' }),
  }),
});

export const IngestRejection = z.object({
  index: z.number().int().min(0).meta({ description: 'Position of the event in `events`.' }),
  field: z.string(),
  reason: z.string(),
});

export const IngestResult = z.object({
  accepted: z.number().int().min(0),
  rejected: z.array(IngestRejection),
});

export const IngestFailure = ErrorResponse.extend({ accepted: z.literal(0), rejected: z.array(IngestRejection) });

export const ProjectBody = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  allowedOrigins: z.array(z.string()),
  currency: z.string(),
  conversionWindowDays: z.number().int(),
  retentionDays: z.number().int().meta({ description: 'Days of raw events kept (31-3650, more than conversionWindowDays); rollups are kept for good.' }),
  rawKeptFrom: dateTime.nullable().meta({
    description: 'Start of the first local day whose raw events are complete; days before it keep their figures but cannot be rebuilt. Null until retention first deletes.',
  }),
  formAllowlist: z.array(z.string()),
  queryAllowlist: z.array(z.string()),
  serverConversionsOnly: z.boolean().meta({ description: 'Only conversions sent with the server key count.' }),
  holdoutPercent: z.number().int().min(0).max(50).meta({
    description: 'Share of visitors (0-50, 0: off) from whom the tracker hides the widget, by a stable hash of their visitor id: the control group of the uplift `holdout` block.',
  }),
  segmentSlotProperty: z.string().nullable().meta({
    description: 'Property of Segment Video Spec messages (`Video Playback Started`, …) that names the widget slot: letters, digits, _ and -, at most 64. Null: `slot_id`.',
  }),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const VideoBody = z.object({
  videoId: z.string(),
  title: z.string(),
  videoUrl: z.string().nullable(),
  duration: z.number().nullable().meta({ description: 'Media seconds; the audience-retention percent points are taken of it.' }),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const VideoList = z.object({ videos: z.array(VideoBody) });

export const SlotBody = z.object({
  slotId: z.string(),
  videoId: z.string(),
  ctaLabel: z.string().nullable(),
  ctaUrl: z.string().nullable(),
  detailLabel: z.string().nullable(),
  detailUrl: z.string().nullable(),
  links: z.array(z.string()),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const SlotList = z.object({ slots: z.array(SlotBody) });

export const RuleBody = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(RULE_KINDS).meta({
    description: 'URL rules (`exact`, `prefix`, `pattern`) match page views; event rules match a form submit of a form id (`form`), a custom event name (`custom`) or a click label (`click`).',
  }),
  pattern: z.string(),
  outcome: z.string().nullable().meta({ description: "A form rule's outcome, or null (any outcome; always null for other kinds)." }),
  target: z.enum(CLICK_TARGETS).nullable().meta({ description: "A click rule's target, or null (any target; always null for other kinds)." }),
  ignored: z.string().nullable().meta({
    description: 'Why rollups leave this rule out (a rule stored before the pattern or per-project limits), or null when it counts.',
  }),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const RuleList = z.object({ rules: z.array(RuleBody) });

export const RuleTestResult = z.object({
  url: z.string().nullable().meta({
    description: 'The address as a page view of it is stored and matched: no fragment, only `utm_*` and allowlisted query parameters; null when an event was tested.',
  }),
  pageKey: z.string().nullable().meta({ description: 'What `exact` rules compare with: lowercased scheme and host, then the path.' }),
  event: z.union([
    z.object({ type: z.literal('form_submit'), formId: z.string(), outcome: z.string().optional() }),
    z.object({ type: z.literal('custom'), name: z.string() }),
    z.object({ type: z.literal('click'), label: z.string(), target: z.enum(CLICK_TARGETS).optional() }),
  ]).nullable().meta({ description: 'The event tested (null when a URL was): event rules are tested against an event, URL rules against a URL.' }),
  rules: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        kind: z.enum(RULE_KINDS),
        pattern: z.string(),
        outcome: z.string().nullable(),
        target: z.enum(CLICK_TARGETS).nullable(),
        matches: z.boolean().meta({
          description: 'Whether rollups match this rule on a page view of the URL, or on the event (never for an ignored rule, never across the two sorts).',
        }),
        ignored: z.string().nullable().meta({ description: 'Why rollups leave this rule out, or null.' }),
      }),
    )
    .meta({ description: "Every rule of the project, in the list's order." }),
  conversions: z
    .array(
      z.object({
        kind: z.literal('rule'),
        goal: z.string().meta({ description: 'The goal the stats `goals` report counts it under: the rule id.' }),
        name: z.string(),
      }),
    )
    .meta({
      description:
        "One per matching rule: a page view of the URL (or the event) converts on each, once per visitor, rule and session, when that visitor's latest play started at most `conversionWindowDays` before it. Empty when only server conversions count.",
    }),
  conversionWindowDays: z.number().int(),
  serverConversionsOnly: z.boolean(),
});

export const KeyBody = z.object({
  prefix: z.string(),
  kind: z.enum(KEY_KINDS),
  createdAt: dateTime,
  revokedAt: dateTime.nullable(),
  expiresAt: dateTime.nullable().meta({ description: 'When a replaced key stops working (end of its grace period); null: no end.' }),
});
export const KeyList = z.object({ keys: z.array(KeyBody) });
export const RotatedKey = z.object({
  kind: z.enum(KEY_KINDS),
  key: z.string().meta({ description: 'The new secret; shown once.' }),
  prefix: z.string(),
  revoked: z.array(z.string()).meta({ description: 'Prefixes of the previous keys this rotation stopped at once.' }),
  expiring: z
    .array(z.object({ prefix: z.string(), expiresAt: dateTime }))
    .meta({ description: 'Previous keys that keep working until the end of their grace period.' }),
});

export const Health = z.object({ status: z.literal('ok') });
export const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ redis: z.enum(['ok', 'unavailable']), config: z.enum(['ok', 'not loaded']) }),
});
export const RollupHealthResponse = z.object({
  status: z.enum(['ok', 'failing']).meta({ description: '`failing` while any project-day fails to roll up.' }),
  failingDays: z.int().meta({ description: 'Project-days whose rollup failed on their data, each retried after a backoff.' }),
  oldestFailureSince: dateTime.nullable().meta({ description: 'When the longest-failing day first failed.' }),
  dirtyDays: z.int().meta({ description: 'Project-days waiting for a rollup.' }),
  lagSeconds: z.int().meta({ description: 'Seconds since the oldest change not yet in the figures; about 60 is normal.' }),
});
export const Unavailable = z.object({ status: z.literal('unavailable') });

/** What `res.json` makes of a value: dates become ISO strings, branded strings plain ones. */
type Json<T> = T extends Date
  ? string
  : T extends string
    ? string extends T
      ? string
      : T
    : T extends number
      ? number
      : T extends boolean
        ? boolean
        : T extends readonly (infer U)[]
          ? Json<U>[]
          : T extends object
            ? { [K in keyof T]: Json<T[K]> }
            : T;
/** True only when both types accept exactly the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compiles only when T is `true`. */
type Assert<T extends true> = T;

/** Compile-time drift checks: this type does not compile when a shape above and the code disagree. */
export type ShapesMatchTheCode = [
  Assert<Same<Json<ReturnType<typeof serializeProject>>, z.output<typeof ProjectBody>>>,
  Assert<Same<Json<ReturnType<typeof serializeVideo>>, z.output<typeof VideoBody>>>,
  Assert<Same<Json<ReturnType<typeof serializeSlot>>, z.output<typeof SlotBody>>>,
  Assert<Same<Json<ReturnType<typeof serializeRule>>, z.output<typeof RuleBody>>>,
  Assert<Same<Json<ReturnType<typeof ruleTestBody>>, z.output<typeof RuleTestResult>>>,
  Assert<Same<Json<ReturnType<typeof serializeKey>>, z.output<typeof KeyBody>>>,
  Assert<Same<Rejection, z.output<typeof IngestRejection>>>,
  Assert<Same<ErrorBody, z.output<typeof ErrorResponse>>>,
  Assert<Same<RollupHealth, z.output<typeof RollupHealthResponse>>>,
];
