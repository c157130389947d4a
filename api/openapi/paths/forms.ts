import { FORMS_PREFIX } from '../../forms/router.js';
import { FormIdParam, SubmissionsQuery, SubmissionsResponse } from '../../forms/submissions.js';
import { queryParameters, type OpenApiBuilder, type Paths } from '../builder.js';
import { SESSION_SECURITY } from './security.js';

/** Stored form submissions (the per-form figures are a stats endpoint). */
export function formsPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, pathParam } = b;
  return {
    [`${FORMS_PREFIX}/{formId}/submissions`]: {
      get: {
        operationId: 'listFormSubmissions',
        tags: ['forms'],
        summary: 'Stored submissions of one form, newest first, with their fields (values only for allowlisted fields, redacted)',
        description: 'An admin key, or a signed-in admin or owner naming the project in `X-Cuepoint-Project`. Pages by `limit`; pass `next` back as `before`.',
        security: [{ adminKey: [] }, SESSION_SECURITY],
        parameters: [pathParam('formId', FormIdParam, 'The form id the page sent'), ...queryParameters(SubmissionsQuery)],
        responses: {
          '200': json('Submissions', component('FormSubmissions', SubmissionsResponse, 'output')),
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
