/** GET /v1/journeys?email= */
export interface JourneySummary {
  id: string;
  visitorId: string;
  email: string;
  formId: string | null;
  state: 'pending' | 'ready' | 'partial' | 'failed';
  createdAt: string;
  frozenAt: string | null;
  eventCount: number;
}

/** One event of GET /v1/journeys/{id}; every value in `data` was sent by a page and is shown as text only. */
export interface JourneyEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  videoTitle: string | null;
}

export interface JourneyDetail {
  journey: JourneySummary;
  events: JourneyEvent[];
}
