import { CreatedProjectAnswer, LoginAnswer, LoginBody, PasswordChange, ProjectCreate, SessionAnswer } from '../../accounts/schemas.js';
import { CSRF_HEADER } from '../../auth/access.js';
import type { Json, OpenApiBuilder, Paths } from '../builder.js';

/** The header every signed-in request other than GET/HEAD repeats the session's CSRF token in. */
export function csrfParameter(): Json {
  return {
    name: CSRF_HEADER,
    in: 'header',
    required: false,
    description: 'With the session cookie: the `csrfToken` of the session (from login or `GET /v1/auth/session`); required on every method but GET and HEAD, else 403 `csrf_token_missing` / `csrf_token_invalid`.',
    schema: { type: 'string' },
  };
}

/** Signing in and out, the session, the password, and projects a signed-in user creates. */
export function accountsPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, body } = b;
  const signedIn = [{ session: [] }];
  const noContent = (description: string) => ({ '204': { description } });
  return {
    '/v1/auth/login': {
      post: {
        operationId: 'login',
        tags: ['accounts'],
        summary: 'Sign in: sets the `cuepoint_session` cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and answers the CSRF token',
        description:
          'JSON only; an `Origin` other than this server is 403 `cross_origin`. A wrong e-mail or password is the same 401 `invalid_credentials`. ' +
          'Attempts are limited per account and per client address (LOGIN_MAX_PER_ACCOUNT, LOGIN_MAX_PER_IP per 15 minutes): 429 `too_many_attempts` with `Retry-After` in seconds.',
        security: [],
        requestBody: body(component('Login', LoginBody, 'input')),
        responses: {
          '200': json('Signed in', component('LoginAnswer', LoginAnswer, 'output'), { 'Set-Cookie': { description: 'The session cookie', schema: { type: 'string' } } }),
          ...errors(400, 401, 403, 415, 429),
        },
      },
    },
    '/v1/auth/logout': {
      post: {
        operationId: 'logout',
        tags: ['accounts'],
        summary: 'Sign out: the session ends in every web process at once and the cookie is cleared',
        security: signedIn,
        parameters: [csrfParameter()],
        responses: { ...noContent('Signed out'), ...errors(401, 403) },
      },
    },
    '/v1/auth/session': {
      get: {
        operationId: 'getSession',
        tags: ['accounts'],
        summary: 'The signed-in user, the CSRF token and the projects the user is a member of, with the role in each',
        security: signedIn,
        responses: { '200': json('The session', component('SessionAnswer', SessionAnswer, 'output')), ...errors(401) },
      },
    },
    '/v1/auth/password': {
      post: {
        operationId: 'changePassword',
        tags: ['accounts'],
        summary: 'Change the password (10-256 characters); every other session of the user ends',
        security: signedIn,
        parameters: [csrfParameter()],
        requestBody: body(component('PasswordChange', PasswordChange, 'input')),
        responses: { ...noContent('Changed'), ...errors(400, 401, 403, 429) },
      },
    },
    '/v1/projects': {
      post: {
        operationId: 'createProject',
        tags: ['accounts'],
        summary: 'Create a project owned by the signed-in user; its keys are shown only in this answer',
        security: signedIn,
        parameters: [csrfParameter()],
        requestBody: body(component('ProjectCreate', ProjectCreate, 'input')),
        responses: { '201': json('The project and its keys', component('CreatedProject', CreatedProjectAnswer, 'output')), ...errors(400, 401, 403) },
      },
    },
  };
}
