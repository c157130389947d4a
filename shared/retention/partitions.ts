import type pg from 'pg';

/** A monthly table of `events` (`events_YYYY_MM`, a UTC month of corrected time). */
export interface EventPartition {
  name: string;
  from: Date;
  to: Date;
  /** False for a table left detached by an interrupted run: it only waits to be dropped. */
  attached: boolean;
  /** A `DETACH … CONCURRENTLY` that was interrupted; it must be finalized before anything else. */
  detachPending: boolean;
}

const NAME_RE = /^events_(\d{4})_(\d{2})$/;

/** Every table named like a month of events, attached or not, oldest first. */
const LIST_SQL = `select c.relname as name, i.inhrelid is not null as attached, coalesce(i.inhdetachpending, false) as detach_pending
  from pg_class c
  left join pg_inherits i on i.inhrelid = c.oid and i.inhparent = 'events'::regclass
  where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace and c.relname ~ '^events_[0-9]{4}_[0-9]{2}$'
  order by c.relname`;

export async function listEventPartitions(client: pg.ClientBase): Promise<EventPartition[]> {
  const { rows } = await client.query<{ name: string; attached: boolean; detach_pending: boolean }>(LIST_SQL);
  return rows.flatMap((r) => {
    const month = monthOf(r.name);
    return month ? [{ name: r.name, ...month, attached: r.attached, detachPending: r.detach_pending }] : [];
  });
}

/** The bounds `ensure_event_partitions` gives the table of that name. */
export function monthOf(name: string): { from: Date; to: Date } | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  if (month > 11) return undefined;
  return { from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) };
}

/** Partitions whose every row is older than `earliestCutoff`. */
export function expiredPartitions(partitions: readonly EventPartition[], earliestCutoff: Date | undefined): EventPartition[] {
  if (earliestCutoff === undefined) return [];
  return partitions.filter((p) => p.to.getTime() <= earliestCutoff.getTime());
}

/** Partitions still kept that may hold rows of a project older than its cutoff. */
export function partitionsBefore(partitions: readonly EventPartition[], cutoff: Date): EventPartition[] {
  return partitions.filter((p) => p.attached && p.from.getTime() < cutoff.getTime());
}

/** A partition name is only ever taken from the catalog and matched above; quoting keeps it inert anyway. */
export function quoted(name: string): string {
  if (!NAME_RE.test(name)) throw new RangeError(`not an event partition: ${name}`);
  return `"${name}"`;
}
