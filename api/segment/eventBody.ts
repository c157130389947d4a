/**
 * The type-specific part of a mapped event (its `type` and own fields) and, for each field, the
 * Segment field it came from. Common fields (id, time, visitor, session, device hints) are added
 * by the mapper.
 */
export interface EventBody {
  fields: Record<string, unknown> & { type: string };
  /** Cuepoint field (or dotted path prefix, `props`) → Segment field (`properties`). */
  origins: Record<string, string>;
}

/** A custom event: the stand-in for whatever Cuepoint has no type of its own for. */
export function customBody(name: string, nameOrigin: string, props: Readonly<Record<string, unknown>>, propsOrigins: Record<string, string>): EventBody {
  const fields: EventBody['fields'] = { type: 'custom', name };
  if (Object.keys(props).length > 0) fields.props = props;
  return { fields, origins: { name: nameOrigin, ...propsOrigins } };
}
