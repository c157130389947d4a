import { ROLES, type Role } from '../../shared/entities/ProjectMember.js';
import { HttpError } from '../http/errors.js';

export { ROLES, type Role };

/**
 * viewer reads stats; member also exports; admin also manages the catalog, rules, keys and
 * settings; owner also manages members and may delete the project. Each includes the ones below.
 */
export function hasRole(actual: Role, needed: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** 403 that says which role the request needs and which one the user has. */
export function requireRole(actual: Role, needed: Role): void {
  if (!hasRole(actual, needed)) {
    throw new HttpError(403, 'insufficient_role', `this needs the ${needed} role; you are ${article(actual)} ${actual}`);
  }
}

function article(role: Role): string {
  return role === 'admin' || role === 'owner' ? 'an' : 'a';
}
