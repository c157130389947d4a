import { PROJECT_HEADER } from '../../auth/access.js';
import { SESSION_COOKIE } from '../../auth/cookies.js';
import type { Json } from '../builder.js';

/**
 * The session door: the cookie from `POST /v1/auth/login` together with the project header.
 * A bearer key wins when both come; a non-member is told the project does not exist (404).
 */
export const SESSION_SCHEMES: Record<string, Json> = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie set by `POST /v1/auth/login`. Any method but GET/HEAD also needs `X-CSRF-Token`.',
  },
  projectHeader: {
    type: 'apiKey',
    in: 'header',
    name: PROJECT_HEADER,
    description: 'With the session cookie: the id of the project the request is about; 404 `project_not_found` when the user is not a member, 403 `insufficient_role` when the role is too low.',
  },
};

/** A security requirement: both the cookie and the header. */
export const SESSION_SECURITY: Json = { session: [], projectHeader: [] };
