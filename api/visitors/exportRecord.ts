/** Columns that say where a row is kept, not what the visitor did. */
const INTERNAL = new Set(['project_id', 'cursor_']);

/**
 * One NDJSON line of an export: `kind` first, then the row's columns in camelCase, without the
 * project column or the reader's cursor. Timestamps print as ISO strings, bytes as base64.
 */
export function exportRecord(kind: string, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { kind };
  for (const [column, value] of Object.entries(row)) {
    if (INTERNAL.has(column)) continue;
    out[camel(column)] = Buffer.isBuffer(value) ? value.toString('base64') : value;
  }
  return out;
}

function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
