/**
 * Where each slot of the branch graph sits: a slot's column is how many choices it is from the
 * start of its part of the graph, so a viewer's path reads left to right; slots of one column
 * are stacked in order of the choices that reach them, and each unconnected part is stacked
 * below the last. A loop back to an earlier slot keeps that slot where it first appeared. Pure,
 * so the layout is the same on every render.
 */

export interface Transition {
  fromSlotId: string;
  toSlotId: string;
  count: number;
}

export interface PlacedSlot {
  slotId: string;
  column: number;
  row: number;
  /** Choices made from this slot and into it. */
  out: number;
  in: number;
}

export function placeSlots(transitions: readonly Transition[]): PlacedSlot[] {
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  const next = new Map<string, Transition[]>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const t of transitions) {
    add(out, t.fromSlotId, t.count);
    add(into, t.toSlotId, t.count);
    add(out, t.toSlotId, 0);
    add(into, t.fromSlotId, 0);
    const leaving = next.get(t.fromSlotId);
    if (leaving) leaving.push(t);
    else next.set(t.fromSlotId, [t]);
  }
  for (const list of next.values()) list.sort((a, b) => b.count - a.count || compare(a.toSlotId, b.toSlotId));

  const weight = (slot: string) => (out.get(slot) ?? 0) + (into.get(slot) ?? 0);
  // The start of a part of the graph is the slot with the most choices leaving it over those
  // reaching it: a slot nobody branches into, or in a loop, the one the loop mostly leaves from.
  const net = (slot: string) => (out.get(slot) ?? 0) - (into.get(slot) ?? 0);
  const candidates = [...out.keys()].sort((a, b) => net(b) - net(a) || weight(b) - weight(a) || compare(a, b));

  const placed: PlacedSlot[] = [];
  const column = new Map<string, number>();
  let top = 0;
  for (const root of candidates) {
    if (column.has(root)) continue;
    column.set(root, 0);
    const rows = new Map<number, number>();
    let frontier = [root];
    for (let depth = 0; frontier.length > 0; depth += 1) {
      const following: string[] = [];
      for (const slot of frontier) {
        const row = rows.get(depth) ?? 0;
        rows.set(depth, row + 1);
        placed.push({ slotId: slot, column: depth, row: top + row, out: out.get(slot) ?? 0, in: into.get(slot) ?? 0 });
        for (const t of next.get(slot) ?? []) {
          if (column.has(t.toSlotId)) continue;
          column.set(t.toSlotId, depth + 1);
          following.push(t.toSlotId);
        }
      }
      frontier = following;
    }
    top += Math.max(...rows.values());
  }
  return placed;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The counted choices plus the catalog's branches nobody chose in the range (count 0),
 * so a branch made in the admin screen shows in the graph before its first viewer takes it.
 */
export function withCatalogLinks(transitions: readonly Transition[], links: readonly { fromSlotId: string; toSlotId: string }[]): Transition[] {
  const counted = new Set(transitions.map((t) => `${t.fromSlotId}\u0000${t.toSlotId}`));
  const unchosen = links.filter((l) => !counted.has(`${l.fromSlotId}\u0000${l.toSlotId}`)).map((l) => ({ ...l, count: 0 }));
  return [...transitions, ...unchosen];
}
