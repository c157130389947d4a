/**
 * Where each field of a mapped event came from in the Segment message, so that a refusal of the
 * event (by the contract, or by the transport's clock checks on `ts`) names what the client sent:
 * `props.plan` → `properties.plan`, `ts` → `timestamp`.
 */
export type FieldOrigins = Readonly<Record<string, string>>;

/** The Segment field for the event field `path`; the path itself when its origin is unknown. */
export function segmentField(origins: FieldOrigins, path: string): string {
  let best: string | undefined;
  for (const key of Object.keys(origins)) {
    const covers = path === key || path.startsWith(`${key}.`);
    if (covers && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? path : `${origins[best]}${path.slice(best.length)}`;
}
