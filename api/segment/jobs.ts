import type { Config } from '../../shared/config.js';
import type { Rejection } from '../../shared/events/validate.js';
import type { ClientContext, IngestJobData } from '../../shared/queue/contract.js';
import { buildJob } from '../ingest/pipeline.js';
import type { CachedProject } from '../projects/snapshot.js';
import { segmentField } from './fieldOrigins.js';
import type { ReadMessage } from './messages.js';

/** A message ready for the ingest checks: its event, its transmission time and its end user's context. */
export interface PlacedMessage extends ReadMessage {
  context: ClientContext;
}

export interface JobPlanOptions {
  receivedAt: number;
  project: CachedProject;
  ingest: Config['ingest'];
  fromServer: boolean;
  /** A job holds no more events than one `/v1/events` request may. */
  maxEventsPerJob: number;
}

export interface JobPlan {
  jobs: IngestJobData[];
  accepted: number;
  /** Indexes are positions in the request body. */
  rejected: Rejection[];
}

/**
 * A job carries one context and one `sentAt` for all its events, so the messages of a body are
 * grouped by both (a batch from a server library holds many end users), cut to at most
 * `maxEventsPerJob` events, and each group goes through the same checks as a `/v1/events`
 * request (`buildJob`: validation, erased visitors, form privacy, corrected time). Pure.
 */
export function planJobs(messages: readonly PlacedMessage[], options: JobPlanOptions): JobPlan {
  const groups = new Map<string, PlacedMessage[]>();
  for (const message of messages) {
    const key = JSON.stringify([message.sentAt ?? null, message.context]);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  const plan: JobPlan = { jobs: [], accepted: 0, rejected: [] };
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += options.maxEventsPerJob) {
      const chunk = group.slice(start, start + options.maxEventsPerJob);
      const [first] = chunk;
      if (first === undefined) continue;
      const request = { receivedAt: options.receivedAt, sentAt: first.sentAt, context: first.context, events: chunk.map((m) => m.event) };
      const { job, accepted, rejected } = buildJob(request, options.project, options.ingest, options.fromServer);
      // buildJob drops a server-key request's context because it describes the shop's server;
      // a Segment message's context is the end user's own (the request's is never used without
      // an Origin, and a server key is refused with one), so it stays.
      if (job) plan.jobs.push(options.fromServer ? { ...job, context: first.context } : job);
      plan.accepted += accepted;
      for (const r of rejected) {
        const message = chunk[r.index];
        plan.rejected.push({ ...r, index: message?.index ?? r.index, field: segmentField(message?.fieldOrigins ?? {}, r.field) });
      }
    }
  }
  return plan;
}
