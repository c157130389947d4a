import type { Role } from '../api/types';

/** Each role can do what the ones before it can. */
const ORDER: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];

/** Whether `role` is at least `min`. */
export function hasRole(role: Role, min: Role): boolean {
  return ORDER.indexOf(role) >= ORDER.indexOf(min);
}
