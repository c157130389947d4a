import { isUuid } from '../../shared/ids.js';

/** `--project` must be a project id; checked before any connection is opened. */
export function requireProjectId(value: string): string {
  if (!isUuid(value)) throw new Error(`--project must be a project id (UUID): ${value}`);
  return value.toLowerCase();
}
