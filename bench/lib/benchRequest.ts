import { BROWSER_USER_AGENT, makeEvents } from '../ingest/eventBodies.js';

/**
 * One accepted request as the web process puts it into a job (the bench's event mix, a
 * browser's context, no sentAt skew), for scripts that feed the worker without a web process.
 */
export function benchRequest(projectId: string, events: number, now: number) {
  return {
    v: 1,
    projectId,
    timezone: 'Europe/Paris',
    receivedAt: now,
    sentAt: now,
    context: { userAgent: BROWSER_USER_AGENT, country: 'FR', region: null, city: null, latitude: null, longitude: null, language: 'fr', ipPrefix: null },
    fromServer: false,
    queryAllowlist: [],
    events: makeEvents(events, now),
  };
}
