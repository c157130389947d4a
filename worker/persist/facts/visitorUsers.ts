import type pg from 'pg';
import { LIMITS } from '../../../shared/events/limits.js';
import type { FactInput } from '../facts.js';

/**
 * Every (visitor, user id) pair an `identify` event names, kept in `visitor_users` with the
 * first and last time it was seen (docs/architecture.md, "Identify"). All pairs are kept, not
 * only the latest per visitor: a shared device can be two users, and an operator erasing a user
 * must find every visitor id that user ever had. The upsert only widens [first_at, last_at],
 * so a re-run or a resent event changes nothing. Rows are sent in key order so concurrent
 * writers lock them in the same order. The user id is personal data: it is never logged.
 */
const UPSERT_SQL = `insert into visitor_users (project_id, visitor_id, user_id, first_at, last_at)
  select project_id, visitor_id, user_id, min(at), max(at)
  from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) as u(project_id, visitor_id, user_id, at)
  group by project_id, visitor_id, user_id
  order by project_id, visitor_id, user_id
  on conflict (project_id, visitor_id, user_id) do update
    set first_at = least(visitor_users.first_at, excluded.first_at), last_at = greatest(visitor_users.last_at, excluded.last_at)`;

/**
 * The user id an identify row carries (in props: it has no column of its own in `events`). A job
 * that bypassed the API may carry anything; only what the contract allows becomes a pair, so a
 * huge id can never fail the index and with it the batch.
 */
function userIdOf(props: Record<string, unknown> | null): string | undefined {
  const value = props?.userId;
  return typeof value === 'string' && value.length > 0 && value.length <= LIMITS.userIdChars ? value : undefined;
}

/** Records the batch's identify events; they change no rollup figure, so no extra day is marked. */
export async function recordVisitorUsers(client: pg.ClientBase, items: readonly FactInput[]): Promise<void> {
  const pairs = items.flatMap(({ row }) => {
    const userId = row.type === 'identify' ? userIdOf(row.props) : undefined;
    return userId === undefined ? [] : [{ row, userId }];
  });
  if (pairs.length === 0) return;
  await client.query(UPSERT_SQL, [
    pairs.map((p) => p.row.project_id),
    pairs.map((p) => p.row.visitor_id),
    pairs.map((p) => p.userId),
    pairs.map((p) => p.row.occurred_at.toISOString()),
  ]);
}
