/**
 * The property of a Segment Video Spec message that names the widget slot. Shops instrumented
 * before Cuepoint already send their own name for it (`placement`, `slotId`, …), so a project
 * may choose one; unset, `slot_id` is read, the Video Spec's snake_case style.
 */
export const DEFAULT_SLOT_PROPERTY = 'slot_id';
export const MAX_SLOT_PROPERTY_LENGTH = 64;
/** Letters, digits, `_` and `-`: a key as Segment's libraries write it, never a path or an expression. */
export const SLOT_PROPERTY_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The name the ingest reads: the project's own, or the default when it set none. */
export function slotPropertyOf(setting: string | null | undefined): string {
  return setting ?? DEFAULT_SLOT_PROPERTY;
}
