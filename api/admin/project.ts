import { z } from 'zod';
import { Project, type IProject } from '../../shared/entities/Project.js';
import { MAX_HOLDOUT_PERCENT } from '../../shared/holdout/bucket.js';
import { InvalidProjectInput, normalizeOrigin } from '../../shared/projects/createProject.js';
import { MAX_SLOT_PROPERTY_LENGTH, SLOT_PROPERTY_PATTERN } from '../../shared/segment/slotProperty.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';
import { parseInput, unique } from './validation.js';

const MS_PER_DAY = 86_400_000;
/** Attribution looks back this far at most: a late play re-marks every day of the window after it. */
const MAX_WINDOW_DAYS = 90;
/** Events must stay acceptable for the whole window plus a week of late delivery. */
const LATE_DELIVERY_DAYS = 7;
/** Raw events kept: at least a month, so attribution over the longest usual window reads stored plays. */
export const MIN_RETENTION_DAYS = 31;
export const MAX_RETENTION_DAYS = 3650;

export const Origin = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    try {
      return normalizeOrigin(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof InvalidProjectInput ? err.message : 'is not an origin' });
      return z.NEVER;
    }
  });

export const ProjectPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  allowedOrigins: z.array(Origin).max(100).optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code')
    .transform((c) => c.toUpperCase())
    .optional(),
  conversionWindowDays: z.number().int().min(1).max(MAX_WINDOW_DAYS).optional(),
  /** Days of raw events kept; must exceed the conversion window (shared/retention/). */
  retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS).optional(),
  formAllowlist: z.array(z.string().min(1).max(256)).max(200).optional(),
  queryAllowlist: z
    .array(z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be a query parameter name'))
    .max(100)
    .optional(),
  /** Browser conversions are still stored, but only those sent with the server key count. */
  serverConversionsOnly: z.boolean().optional(),
  /** Visitors whose bucket (shared/holdout/bucket.ts) is below this never see the widget. */
  holdoutPercent: z.number().int().min(0).max(MAX_HOLDOUT_PERCENT).optional(),
  /** The Segment Video Spec property naming the slot; null goes back to the default. */
  segmentSlotProperty: z
    .string()
    .max(MAX_SLOT_PROPERTY_LENGTH)
    .regex(SLOT_PROPERTY_PATTERN, 'must be a property name: letters, digits, _ and -')
    .nullable()
    .optional(),
});

export function serializeProject(p: IProject) {
  return {
    id: p.id,
    name: p.name,
    timezone: p.timezone,
    allowedOrigins: p.allowedOrigins,
    currency: p.currency,
    conversionWindowDays: p.conversionWindowDays,
    retentionDays: p.retentionDays,
    rawKeptFrom: p.rawKeptFrom ?? null,
    formAllowlist: p.formAllowlist,
    queryAllowlist: p.queryAllowlist,
    serverConversionsOnly: p.serverConversionsOnly,
    holdoutPercent: p.holdoutPercent,
    segmentSlotProperty: p.segmentSlotProperty ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export const getProject: AdminHandler = async (ctx) => {
  const project = await ctx.em.findOneOrFail(Project, ctx.projectId);
  return { status: 200, body: serializeProject(project) };
};

/** Every setting but the time zone, which defines the project's days and is immutable. */
export const patchProject: AdminHandler = async (ctx, { body }) => {
  const patch = parseInput(ProjectPatch, body ?? {}, { immutable: ['timezone', 'id', 'createdAt', 'updatedAt', 'rawKeptFrom'] });
  const maxWindow = Math.min(MAX_WINDOW_DAYS, Math.floor(ctx.config.ingest.maxEventAgeMs / MS_PER_DAY) - LATE_DELIVERY_DAYS);
  if (patch.conversionWindowDays !== undefined && patch.conversionWindowDays > maxWindow) {
    throw new HttpError(
      400,
      'invalid_field',
      `conversionWindowDays must be at most ${maxWindow}: events are accepted for MAX_EVENT_AGE_DAYS, which must cover the window plus ${LATE_DELIVERY_DAYS} days`,
      { field: 'conversionWindowDays' },
    );
  }
  const project = await ctx.em.findOneOrFail(Project, ctx.projectId);
  refuseWindowNotBelowRetention(patch.conversionWindowDays ?? project.conversionWindowDays, patch.retentionDays ?? project.retentionDays, patch.retentionDays !== undefined);
  if (patch.name !== undefined) project.name = patch.name;
  if (patch.allowedOrigins !== undefined) project.allowedOrigins = unique(patch.allowedOrigins);
  if (patch.currency !== undefined) project.currency = patch.currency;
  if (patch.conversionWindowDays !== undefined) project.conversionWindowDays = patch.conversionWindowDays;
  if (patch.formAllowlist !== undefined) project.formAllowlist = unique(patch.formAllowlist);
  if (patch.queryAllowlist !== undefined) project.queryAllowlist = unique(patch.queryAllowlist);
  if (patch.serverConversionsOnly !== undefined) project.serverConversionsOnly = patch.serverConversionsOnly;
  if (patch.retentionDays !== undefined) project.retentionDays = patch.retentionDays;
  if (patch.holdoutPercent !== undefined) project.holdoutPercent = patch.holdoutPercent;
  if (patch.segmentSlotProperty !== undefined) project.segmentSlotProperty = patch.segmentSlotProperty;
  await ctx.em.flush();
  await ctx.configChanged();
  return { status: 200, body: serializeProject(project) };
};

/**
 * A conversion on the first kept day is attributed to plays up to the window before it, which
 * retention keeps only when raw events outlive the window. Names the field the request changed.
 */
function refuseWindowNotBelowRetention(windowDays: number, retentionDays: number, retentionChanged: boolean): void {
  if (retentionDays > windowDays) return;
  if (retentionChanged) {
    throw new HttpError(400, 'invalid_field', `retentionDays must be greater than conversionWindowDays (${windowDays})`, { field: 'retentionDays' });
  }
  throw new HttpError(400, 'invalid_field', `conversionWindowDays must be less than retentionDays (${retentionDays})`, { field: 'conversionWindowDays' });
}
