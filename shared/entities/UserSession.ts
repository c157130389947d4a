import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './User.js';

/**
 * A signed-in browser. The cookie's value is never stored, only its SHA-256, so a copy of the
 * table signs nobody in. Rows are read and written with plain SQL (api/auth/sessionStore.ts);
 * the entity keeps the schema in one place.
 */
export const UserSession = defineEntity({
  name: 'UserSession',
  tableName: 'user_sessions',
  properties: {
    tokenHash: p.string().columnType('char(64)').primary(),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    csrfToken: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** The idle timeout runs from here. */
    lastSeenAt: p.datetime().onCreate(() => new Date()),
    /** The absolute end, whatever the activity. */
    expiresAt: p.datetime().index(),
  },
});

export type IUserSession = InferEntity<typeof UserSession>;
