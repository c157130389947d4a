import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** Longest e-mail address SMTP can carry (RFC 5321 path limit). */
export const EMAIL_MAX_CHARS = 254;

/**
 * A person who signs in to the dashboard. The e-mail is stored trimmed and lower-cased, so it is
 * unique whatever case it is typed in; the password only as a salted scrypt hash
 * (api/auth/passwords.ts) that names its own parameters.
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    email: p.text().unique(),
    passwordHash: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    passwordChangedAt: p.datetime().onCreate(() => new Date()),
  },
});

export type IUser = InferEntity<typeof User>;
