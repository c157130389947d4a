import { Envelope, EVENT_SCHEMAS, EVENT_TYPES } from '../../../shared/events/schema.js';
import { KEY_HEADER } from '../../ingest/IngestRequest.js';
import { IngestFailure, IngestResult } from '../schemas.js';
import { eventComponentName, isJson, jsonSchema, type OpenApiBuilder, type Paths } from '../builder.js';

/** POST /v1/events: the request body lists every event schema, discriminated by type. */
export function ingestPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, error, schemas } = b;
  const paths: Paths = {};
  const eventRefs = EVENT_TYPES.map((type) => component(eventComponentName(type), EVENT_SCHEMAS[type], 'input'));
  const envelope = jsonSchema(Envelope, 'input');
  const envelopeProps = isJson(envelope.properties) ? envelope.properties : {};
  const events = isJson(envelopeProps.events) ? envelopeProps.events : {};
  schemas.IngestRequest = {
    ...envelope,
    description: `The write key goes in the ${KEY_HEADER} header, as \`Authorization: Bearer <key>\`, or in \`key\` (sendBeacon cannot set headers). A backend sends the secret server key the same way, never from a page. Unknown fields are kept.`,
    properties: {
      ...envelopeProps,
      events: {
        ...events,
        items: {
          oneOf: eventRefs,
          discriminator: {
            propertyName: 'type',
            mapping: Object.fromEntries(EVENT_TYPES.map((type) => [type, `#/components/schemas/${eventComponentName(type)}`])),
          },
        },
      },
    },
  };
  const ingestBody = { $ref: '#/components/schemas/IngestRequest' };
  const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };
  paths['/v1/events'] = {
    post: {
      operationId: 'ingestEvents',
      tags: ['ingest'],
      summary: 'Post a batch of events',
      description:
        'Valid events are accepted even when others in the batch are rejected; each rejection names the event index, field and reason. ' +
        'Every request counts toward the per-IP rate limit on arrival, before its body is read, and, once its key is known, toward the per-key limit, whatever becomes of its events. ' +
        'A `page_exit` reports how long a page was visible and how far it was scrolled; every event may carry the device hints `language`, `screenWidth`, `screenHeight` and `touchPoints`. ' +
        'A `form_start` marks the start of an attempt at a form and a `form_submit` its submission, with `fields` as names or `{name, type, length}` objects (never values); ' +
        "`values` survive only for the project's allowlisted fields and are redacted before the queue: a field named like a credential keeps `[REDACTED]`, and card numbers, `ddd-dd-dddd` and e-mail addresses inside a value become `[REDACTED]`. " +
        'Playback quality: `video_request` is the play intent (a click or an autoplay, `autoplay`) with the playId the play will have; `video_play` stays the first frame and may carry `startupMs` (request to first frame); ' +
        '`video_stall` is one rebuffering stall after the first frame with its `durationMs` (stalls during startup or a seek are not sent); `video_seek` (`from`, `to`), `video_pause` and `video_resume` (`position`) carry media seconds; ' +
        '`video_error` a short `code` and whether it was `fatal`; `video_end` its `reason` (completed, exited or error). ' +
        'A `video_state` is a player signal (the `state` of Segment\'s Video Spec, with the media `position`, `totalLength` and a seek\'s `seekPosition`); it counts in no video figure itself: the server derives the play\'s request, first frame, milestones, watch seconds, pauses, resumes, seeks, stalls and end from all signals of its `playId`, in time order, whatever order they arrive in (the first signal naming a `videoId` or `slotId` names the play\'s). ' +
        "A `holdout` (with the holdout `percent` in force) says the tracker hid the widget from a visitor of the project's holdout, once per session; it counts only when the visitor's bucket is below that percent. " +
        "The server adds the request's place (country, and region, city and rounded coordinates with a city database) and the primary language of Accept-Language, then forgets the client address.",
      security: [{ writeKey: [] }, { serverKey: [] }, {}],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ingestBody }, 'text/plain': { schema: ingestBody } },
      },
      responses: {
        '202': json('Accepted: at least one event was queued', component('IngestResult', IngestResult, 'output')),
        '400': json('No event accepted, or a malformed body', {
          oneOf: [component('IngestFailure', IngestFailure, 'output'), error],
        }),
        ...errors(401, 403, 413, 415),
        '429': json('Rate limited', error, retryAfter),
        '503': json('Overloaded or the queue is unavailable', error, retryAfter),
      },
    },
    options: {
      operationId: 'ingestPreflight',
      tags: ['ingest'],
      summary: 'CORS preflight (the origin is checked on the POST, after the key)',
      responses: { '204': { description: 'Preflight answer' } },
    },
  };
  return paths;
}
