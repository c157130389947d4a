import { z } from 'zod';
import { firstInputIssue } from '../shared/inputIssues.js';
import { isValidTimeZone } from '../shared/timezone.js';
import type { JobContext } from './normalize/types.js';

/**
 * The envelope of an ingest job, checked field by field: data out of Redis is untyped,
 * may come from an older or newer API, or be hand-made. Events are checked one by one
 * later, so one bad event does not sink its job.
 */
const JobEnvelope = z.looseObject({
  v: z.literal(1, { error: 'unsupported job version' }),
  projectId: z.uuid(),
  timezone: z.string().refine(isValidTimeZone, 'is not an IANA time zone'),
  receivedAt: z.number().int().nonnegative(),
  sentAt: z.number().int().nonnegative().nullable(),
  context: z.object({
    userAgent: z.string().nullable(),
    country: z.string().length(2).nullable(),
    // Absent from jobs enqueued before places below the country and languages existed.
    region: z.string().nullable().default(null),
    city: z.string().nullable().default(null),
    latitude: z.number().min(-90).max(90).nullable().default(null),
    longitude: z.number().min(-180).max(180).nullable().default(null),
    language: z.string().nullable().default(null),
    ipPrefix: z.string().nullable(),
  }),
  // Absent from jobs enqueued before server keys existed.
  fromServer: z.boolean().default(false),
  queryAllowlist: z.array(z.string()),
  events: z.array(z.unknown()),
});

/** A bundle's envelope (contract.ts IngestBundleData); its requests are checked one by one. */
const BundleEnvelope = z.looseObject({
  v: z.literal(2),
  projectId: z.uuid(),
  requests: z.array(z.unknown()),
});

/** The requests a job carries: a bundle's, or the job itself (v1, or anything malformed). */
export function unbundle(data: unknown): unknown[] {
  const bundle = BundleEnvelope.safeParse(data);
  return bundle.success ? bundle.data.requests : [data];
}

export type ParsedJob =
  | { ok: true; context: JobContext; events: unknown[] }
  | { ok: false; reason: string; projectId: string | null };

export function parseJobData(data: unknown): ParsedJob {
  const parsed = JobEnvelope.safeParse(data);
  if (!parsed.success) {
    const issue = firstInputIssue(parsed.error, data);
    const where = issue?.field ? `${issue.field} ` : '';
    return { ok: false, reason: `malformed job: ${where}${issue?.reason ?? 'is invalid'}`, projectId: projectIdOf(data) };
  }
  const { events, v, projectId, timezone, receivedAt, sentAt, context, fromServer, queryAllowlist } = parsed.data;
  return { ok: true, context: { v, projectId, timezone, receivedAt, sentAt, context, fromServer, queryAllowlist }, events };
}

/** For a dead letter's project column, when the job is malformed but names a project. */
export function projectIdOf(data: unknown): string | null {
  if (data === null || typeof data !== 'object') return null;
  const id = (data as Record<string, unknown>).projectId;
  return typeof id === 'string' && z.uuid().safeParse(id).success ? id.toLowerCase() : null;
}

/** dead_letters.payload is a JSON object; anything else is wrapped so it is kept all the same. */
export function asPayload(data: unknown): Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : { data };
}
