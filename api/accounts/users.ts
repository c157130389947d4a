import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { EMAIL_MAX_CHARS, User, type IUser } from '../../shared/entities/User.js';
import { hashPassword, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from '../auth/passwords.js';

/** Trimmed and lower-cased: one account per address however it is typed. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_CHARS)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

export const NewPassword = z.string().min(PASSWORD_MIN_CHARS).max(PASSWORD_MAX_CHARS);

export function findUserByEmail(em: EntityManager, email: string): Promise<IUser | null> {
  return em.findOne(User, { email });
}

/** A new user; the caller flushes (so a membership can join the same transaction). */
export async function createUser(em: EntityManager, email: string, password: string): Promise<IUser> {
  return em.create(User, { email, passwordHash: await hashPassword(password) });
}

/** A password for a user an owner adds: shown once, to be changed at first sign-in. */
export function initialPassword(): string {
  return randomBytes(15).toString('base64url');
}
