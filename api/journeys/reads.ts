import { z } from 'zod';
import { JourneyEmail } from '../../shared/journeys/email.js';
import type { AdminContext, Reply } from '../admin/context.js';
import { notFound, parseInput, parseParam } from '../admin/validation.js';
import { deleteJourneysOfEmail, journeyById, journeysOfEmail } from './queries.js';

export const MAX_JOURNEYS_LISTED = 200;

/** `?email=`: the address as the promote normalized it (trimmed, lowercased). */
export const JourneyListQuery = z.strictObject({
  email: JourneyEmail,
  limit: z.coerce.number().int().min(1).max(MAX_JOURNEYS_LISTED).default(50),
});
export const JourneyDeleteQuery = z.strictObject({ email: JourneyEmail });
export const JourneyId = z.uuid('must be a journey id (a UUID)');

export type JourneyHandler = (ctx: AdminContext, query: unknown, params: Partial<Record<string, string>>) => Promise<Reply>;

/** GET /v1/journeys?email=: the address's journeys in the project, newest first. */
export const listJourneys: JourneyHandler = async (ctx, query) => {
  const { email, limit } = parseInput(JourneyListQuery, query);
  return { status: 200, body: { journeys: await journeysOfEmail(ctx.pool, ctx.projectId, email, limit) } };
};

/** GET /v1/journeys/{id}: one journey with its events in time order. */
export const getJourney: JourneyHandler = async (ctx, _query, params) => {
  const id = parseParam(params, 'id', JourneyId).toLowerCase();
  const found = await journeyById(ctx.pool, ctx.projectId, id);
  if (!found) throw notFound('journey', id);
  return { status: 200, body: found };
};

/** DELETE /v1/journeys?email=: every journey of the address in the project, with their events. */
export const deleteJourneys: JourneyHandler = async (ctx, query) => {
  const { email } = parseInput(JourneyDeleteQuery, query);
  return { status: 200, body: { deleted: await deleteJourneysOfEmail(ctx.pool, ctx.projectId, email) } };
};
