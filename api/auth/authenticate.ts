import type { KeyKind } from '../../shared/entities/ApiKey.js';
import { HttpError } from '../http/errors.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { CachedProject } from '../projects/snapshot.js';

export interface Authenticated {
  project: CachedProject;
  /** The key's visible prefix, for logs and for "do not revoke the key you are using". */
  prefix: string;
  /** Which of the accepted kinds the key is. */
  kind: KeyKind;
}

/**
 * Resolves a presented key to its project, demanding one of the accepted kinds. `field` names
 * where the key came from (`key`, `x-cuepoint-key`, `authorization`) so the client knows what
 * to fix. Unknown, revoked and expired keys are 401; a valid key of the wrong kind is 403.
 */
export function authenticate(
  cache: ProjectCache,
  presented: string | undefined,
  accepted: KeyKind | readonly KeyKind[],
  field: string,
): Authenticated {
  const kinds: readonly KeyKind[] = typeof accepted === 'string' ? [accepted] : accepted;
  if (presented === undefined || presented === '') {
    const how = field === 'authorization' ? ' as `Authorization: Bearer <key>`' : '';
    throw new HttpError(401, 'missing_key', `${describe(kinds)} key is required${how}`, { field });
  }
  const found = cache.lookupKey(presented);
  switch (found.status) {
    case 'unknown':
      throw new HttpError(401, 'invalid_key', 'the key is not valid', { field });
    case 'revoked':
      throw new HttpError(401, 'key_revoked', 'the key has been revoked', { field });
    case 'expired':
      throw new HttpError(401, 'key_expired', `the key was replaced; its grace period ended on ${found.expiredAt.toISOString()}`, { field });
    case 'ok':
      if (!kinds.includes(found.kind)) {
        throw new HttpError(403, 'wrong_key_kind', `this is ${describe([found.kind])} key; ${describe(kinds)} key is required`, { field });
      }
      return { project: found.project, prefix: found.prefix, kind: found.kind };
  }
}

/**
 * A key presented as `Authorization: Bearer <key>` (admin and stats). Every 401 names the
 * scheme to use in `WWW-Authenticate`, as HTTP asks of a 401.
 */
export function authenticateBearer(cache: ProjectCache, authorization: string | undefined, kind: KeyKind): Authenticated {
  try {
    return authenticate(cache, bearerToken(authorization), kind, 'authorization');
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) {
      const headers = { ...err.options.headers, 'WWW-Authenticate': 'Bearer' };
      throw new HttpError(err.status, err.code, err.message, { ...err.options, headers });
    }
    throw err;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** `a write`, `an admin`, `a write or server`. */
function describe(kinds: readonly KeyKind[]): string {
  const first = kinds[0] ?? 'write';
  return `${first === 'admin' ? 'an' : 'a'} ${kinds.join(' or ')}`;
}
