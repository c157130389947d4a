import { z } from 'zod';

const Instant = z.string().describe('ISO 8601 instant');

export const JourneyState = z.enum(['pending', 'ready', 'partial', 'failed']).describe(
  '`pending` until the events queued before the promote are stored; `ready` once frozen; `partial` when frozen at the waiting limit with older events still queued; `failed` when the freeze failed on every attempt (the journey holds only the events the page sent with the promote)',
);

export const PromoteAccepted = z.object({ journeyId: z.uuid(), state: z.literal('pending') });

export const JourneySummaryBody = z.object({
  id: z.uuid(),
  visitorId: z.uuid(),
  email: z.string(),
  formId: z.string().nullable(),
  state: JourneyState,
  createdAt: Instant,
  frozenAt: Instant.nullable(),
  eventCount: z.number().int(),
});

export const JourneyEventBody = z.object({
  eventId: z.uuid(),
  type: z.string(),
  occurredAt: Instant,
  data: z.record(z.string(), z.unknown()).describe('The event\'s fields by contract name (`url`, `videoId`, `target`, `label`, `conversionType`, `value` …); the rest (a page title, a form id) under `props`'),
  videoTitle: z.string().nullable().describe('The catalog title of the event\'s video, when registered'),
});

export const JourneyList = z.object({ journeys: z.array(JourneySummaryBody) });
export const JourneyDetail = z.object({ journey: JourneySummaryBody, events: z.array(JourneyEventBody) });
export const JourneysDeleted = z.object({ deleted: z.number().int().describe('Journeys removed, with their events') });

/** The rows the queries answer with are these shapes, so an answer and its documentation cannot drift. */
export type JourneySummary = z.output<typeof JourneySummaryBody>;
export type JourneyEvent = z.output<typeof JourneyEventBody>;
