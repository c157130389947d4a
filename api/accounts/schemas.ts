import { z } from 'zod';
import { isValidTimeZone } from '../../shared/timezone.js';
import { Origin } from '../admin/project.js';
import { ROLES } from '../auth/roles.js';
import { PASSWORD_MAX_CHARS } from '../auth/passwords.js';
import { Email, NewPassword } from './users.js';

/** A wrong password of any length gets the same 401 as a wrong e-mail; only absurd sizes are a 400. */
export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(PASSWORD_MAX_CHARS * 4) });

export const PasswordChange = z.strictObject({ currentPassword: z.string().min(1).max(PASSWORD_MAX_CHARS * 4), newPassword: NewPassword });

export const ProjectCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timezone: z.string().max(64).refine(isValidTimeZone, 'must be an IANA time zone').describe('IANA time zone that defines the project\'s days (immutable)'),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code').optional(),
  allowedOrigins: z.array(Origin).max(100).optional(),
});

export const UserBody = z.object({ id: z.uuid(), email: z.string() });

export const SessionProject = z.object({ id: z.uuid(), name: z.string(), timezone: z.string(), currency: z.string(), role: z.enum(ROLES) });

export const LoginAnswer = z.object({ user: UserBody, csrfToken: z.string() });

export const SessionAnswer = z.object({ user: UserBody, csrfToken: z.string(), projects: z.array(SessionProject) });

export const CreatedProjectAnswer = z.object({
  projectId: z.uuid(),
  writeKey: z.string(),
  readKey: z.string(),
  adminKey: z.string(),
  serverKey: z.string(),
  project: SessionProject,
});

export const MemberAdd = z.strictObject({ email: Email, role: z.enum(ROLES) });
export const MemberPatch = z.strictObject({ role: z.enum(ROLES) });
export const MemberBody = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
  initialPassword: z.string().optional().describe('Only when the e-mail had no account: shown this once'),
});
export const MemberList = z.object({ members: z.array(MemberBody.omit({ initialPassword: true })) });
