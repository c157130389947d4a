import { Router } from 'express';
import { z } from 'zod';
import { LIMITS } from '../../shared/events/limits.js';
import { adminRoute, type AdminDeps, type AdminHandler } from '../admin/context.js';
import { parseInput } from '../admin/validation.js';

/** A user id as `identify` sends it. */
export const UserId = z.string().min(1, 'must be 1-200 characters').max(LIMITS.userIdChars, 'must be 1-200 characters');

/** Every visitor id a user has been identified as, at most this many (the most recently seen first). */
export const MAX_USER_VISITORS = 1000;

export const UserVisitorsBody = z.object({
  visitors: z
    .array(
      z.object({
        visitorId: z.uuid(),
        firstAt: z.iso.datetime({ offset: true }).meta({ description: 'The first identify of this user on this visitor id.' }),
        lastAt: z.iso.datetime({ offset: true }).meta({ description: 'The latest identify of this user on this visitor id.' }),
      }),
    )
    .meta({ description: `The visitor ids, the most recently identified first; at most ${MAX_USER_VISITORS}.` }),
});

const USER_VISITORS_SQL = `select visitor_id, first_at, last_at from visitor_users
  where project_id = $1 and user_id = $2
  order by last_at desc, visitor_id limit ${MAX_USER_VISITORS}`;

/**
 * `GET /v1/users/{userId}/visitors`: the visitor ids an `identify` tied to the user, so an
 * operator can export or erase each (`/v1/visitors/{visitorId}`). The user id is personal
 * data and is never logged; it is not echoed in the answer either.
 */
function listUserVisitors(): AdminHandler {
  return async (ctx, input) => {
    const { userId } = parseInput(z.object({ userId: UserId }), { userId: input.params.userId ?? '' });
    const { rows } = await ctx.pool.query<{ visitor_id: string; first_at: Date; last_at: Date }>(USER_VISITORS_SQL, [ctx.projectId, userId]);
    const body: z.infer<typeof UserVisitorsBody> = {
      visitors: rows.map((r) => ({ visitorId: r.visitor_id, firstAt: r.first_at.toISOString(), lastAt: r.last_at.toISOString() })),
    };
    return { status: 200, body };
  };
}

/** `/v1/users`: the same access as `/v1/visitors` (an admin key, or a signed-in admin or owner). */
export function usersRouter(deps: AdminDeps): Router {
  const router = Router();
  router.get('/:userId/visitors', adminRoute(deps, listUserVisitors()));
  return router;
}
