/**
 * A UUID in PostgreSQL's text form, any case. Ids made by clients (events, visitors, sessions,
 * plays) and project ids are checked with it wherever they arrive untyped: job data out of
 * Redis, command-line arguments. PostgreSQL answers uuids lowercased, so callers that key
 * memory by an id lowercase it too.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
