const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--project` must be a project id; checked before any connection is opened. */
export function requireProjectId(value: string): string {
  if (!UUID_RE.test(value)) throw new Error(`--project must be a project id (UUID): ${value}`);
  return value.toLowerCase();
}
