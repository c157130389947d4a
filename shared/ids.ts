/**
 * A UUID in PostgreSQL's text form, any case: the form of every id a client makes (events,
 * visitors, sessions, plays) and of project ids, checked wherever such an id arrives untyped.
 * PostgreSQL answers uuids lowercased, so callers that key memory by an id lowercase it too.
 */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
