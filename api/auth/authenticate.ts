import type { KeyKind } from '../../shared/entities/ApiKey.js';
import { HttpError } from '../http/errors.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { CachedProject } from '../projects/snapshot.js';

export interface Authenticated {
  project: CachedProject;
  /** The key's visible prefix, for logs and for "do not revoke the key you are using". */
  prefix: string;
}

/**
 * Resolves a presented key to its project, demanding one kind. `field` names where the key
 * came from (`key`, `x-cuepoint-key`, `authorization`) so the client knows what to fix.
 * Unknown and revoked keys are 401; a valid key of the wrong kind is 403.
 */
export function authenticate(cache: ProjectCache, presented: string | undefined, kind: KeyKind, field: string): Authenticated {
  if (presented === undefined || presented === '') {
    throw new HttpError(401, 'missing_key', `${withArticle(kind)} key is required`, { field });
  }
  const found = cache.lookupKey(presented);
  switch (found.status) {
    case 'unknown':
      throw new HttpError(401, 'invalid_key', 'the key is not valid', { field });
    case 'revoked':
      throw new HttpError(401, 'key_revoked', 'the key has been revoked', { field });
    case 'ok':
      if (found.kind !== kind) {
        throw new HttpError(403, 'wrong_key_kind', `this is ${withArticle(found.kind)} key; ${withArticle(kind)} key is required`, {
          field,
        });
      }
      return { project: found.project, prefix: found.prefix };
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
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function withArticle(kind: KeyKind): string {
  return kind === 'admin' ? `an ${kind}` : `a ${kind}`;
}
