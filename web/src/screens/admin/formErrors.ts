import { ApiError } from '../../api/errors';

/** What the server refused, and the request part it named (`title`, `links.2`, `X-CSRF-Token` …). */
export interface FormError {
  field?: string;
  message: string;
}

export function formErrorOf(error: unknown): FormError {
  if (error instanceof ApiError) return { field: error.field, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The message to show next to the field `name`: the server named it, or an item of it (`links.2`). */
export function messageFor(error: FormError | undefined, name: string): string | undefined {
  if (!error?.field) return undefined;
  return error.field === name || error.field.startsWith(`${name}.`) ? error.message : undefined;
}

/** The message when it belongs to none of the form's fields (a conflict, a lost session): shown above the buttons. */
export function formLevelMessage(error: FormError | undefined, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  return fields.some((name) => messageFor(error, name) !== undefined) ? undefined : error.message;
}
