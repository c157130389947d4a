import { z } from 'zod';
import { Kind as KeyKind, Prefix, RotateOptions } from '../admin/keys.js';
import { ProjectPatch } from '../admin/project.js';
import { Rule, RuleId, RulePatch } from '../admin/rules.js';
import { SlotCreate, SlotPatch } from '../admin/slots.js';
import { VideoCreate, VideoPatch } from '../admin/videos.js';
import { CatalogId, Envelope, EVENT_SCHEMAS, EVENT_TYPES } from '../../shared/events/schema.js';
import { KEY_HEADER } from '../ingest/IngestRequest.js';
import { STATS_ENDPOINTS } from '../stats/endpoints.js';
import { STATS_PREFIX } from '../stats/router.js';
import {
  ErrorResponse,
  Health,
  IngestFailure,
  IngestResult,
  KeyList,
  ProjectBody,
  Readiness,
  RotatedKey,
  RuleBody,
  RuleList,
  SlotBody,
  SlotList,
  VideoBody,
  VideoList,
} from './schemas.js';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) or an OpenAPI object. */
type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/**
 * The OpenAPI 3.1 document of the whole API, generated from the zod schemas the handlers
 * validate with (request bodies, path and query parameters) and build their answers from.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  const schemas: Record<string, Json> = {};
  /** Registers a component once and returns a reference to it. */
  const component = (name: string, schema: z.ZodType, io: 'input' | 'output'): Json => {
    schemas[name] ??= jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const json = (description: string, schema: Json, headers?: Json): Json => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema } },
  });
  const error = component('Error', ErrorResponse, 'output');
  const errors = (...statuses: number[]): Record<string, Json> =>
    Object.fromEntries(statuses.map((status) => [String(status), json(ERROR_DESCRIPTIONS[status] ?? 'Error', error)]));
  const body = (schema: Json, required = true): Json => ({ required, content: { 'application/json': { schema } } });
  const pathParam = (name: string, schema: z.ZodType, description: string): Json => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: jsonSchema(schema, 'input'),
  });

  // --- health and this document
  const paths: OpenApiDocument['paths'] = {
    '/healthz': {
      get: {
        operationId: 'healthz',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        responses: { '200': json('Alive', component('Health', Health, 'output')) },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        tags: ['health'],
        summary: 'Readiness: Redis takes jobs and project config is loaded',
        responses: {
          '200': json('Ready', component('Readiness', Readiness, 'output')),
          '503': json('Not ready', component('Readiness', Readiness, 'output')),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['meta'],
        summary: 'This document',
        responses: { '200': json('The OpenAPI 3.1 document', { type: 'object' }) },
      },
    },
  };

  // --- ingest
  const eventRefs = EVENT_TYPES.map((type) => component(eventComponentName(type), EVENT_SCHEMAS[type], 'input'));
  const envelope = jsonSchema(Envelope, 'input');
  const envelopeProps = isJson(envelope.properties) ? envelope.properties : {};
  const events = isJson(envelopeProps.events) ? envelopeProps.events : {};
  schemas.IngestRequest = {
    ...envelope,
    description: `The write key goes in the ${KEY_HEADER} header or in \`key\` (sendBeacon cannot set headers). Unknown fields are kept.`,
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
        'Valid events are accepted even when others in the batch are rejected; each rejection names the event index, field and reason.',
      security: [{ writeKey: [] }, {}],
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

  // --- admin
  const admin = (operationId: string, summary: string, operation: Json): Json => ({
    operationId,
    tags: ['admin'],
    summary,
    security: [{ adminKey: [] }],
    ...operation,
    responses: { ...(isJson(operation.responses) ? operation.responses : {}), ...errors(400, 401, 403) },
  });
  const project = component('Project', ProjectBody, 'output');
  const video = component('Video', VideoBody, 'output');
  const slot = component('Slot', SlotBody, 'output');
  const rule = component('ConversionRule', RuleBody, 'output');
  const videoId = pathParam('videoId', CatalogId, 'The operator video id');
  const slotId = pathParam('slotId', CatalogId, 'The operator slot id');
  const ruleId = pathParam('ruleId', RuleId, 'The rule id');
  const deleted = { '204': { description: 'Deleted' }, ...errors(404) };

  paths['/v1/admin/project'] = {
    get: admin('getProject', 'The project of the admin key', { responses: { '200': json('The project', project) } }),
    patch: admin('patchProject', 'Change project settings (the time zone is immutable)', {
      requestBody: body(component('ProjectPatch', ProjectPatch, 'input')),
      responses: { '200': json('The changed project', project) },
    }),
  };
  paths['/v1/admin/videos'] = {
    post: admin('createVideo', 'Register a video', {
      requestBody: body(component('VideoCreate', VideoCreate, 'input')),
      responses: { '201': json('Created', video), ...errors(409) },
    }),
    get: admin('listVideos', 'List videos', { responses: { '200': json('Videos by id', component('VideoList', VideoList, 'output')) } }),
  };
  paths['/v1/admin/videos/{videoId}'] = {
    get: admin('getVideo', 'One video', { parameters: [videoId], responses: { '200': json('The video', video), ...errors(404) } }),
    patch: admin('patchVideo', 'Change a video (its id is immutable)', {
      parameters: [videoId],
      requestBody: body(component('VideoPatch', VideoPatch, 'input')),
      responses: { '200': json('The changed video', video), ...errors(404) },
    }),
    delete: admin('deleteVideo', 'Delete a video (its events keep counting)', { parameters: [videoId], responses: deleted }),
  };
  paths['/v1/admin/slots'] = {
    post: admin('createSlot', 'Create a slot', {
      requestBody: body(component('SlotCreate', SlotCreate, 'input')),
      responses: { '201': json('Created', slot), ...errors(409) },
    }),
    get: admin('listSlots', 'List slots', { responses: { '200': json('Slots by id', component('SlotList', SlotList, 'output')) } }),
  };
  paths['/v1/admin/slots/{slotId}'] = {
    get: admin('getSlot', 'One slot', { parameters: [slotId], responses: { '200': json('The slot', slot), ...errors(404) } }),
    patch: admin('patchSlot', 'Change a slot (its id is immutable)', {
      parameters: [slotId],
      requestBody: body(component('SlotPatch', SlotPatch, 'input')),
      responses: { '200': json('The changed slot', slot), ...errors(404) },
    }),
    delete: admin('deleteSlot', 'Delete a slot (its events keep counting)', { parameters: [slotId], responses: deleted }),
  };
  paths['/v1/admin/conversion-rules'] = {
    post: admin('createConversionRule', 'Create a URL conversion rule', {
      requestBody: body(component('ConversionRuleCreate', Rule, 'input')),
      responses: { '201': json('Created', rule) },
    }),
    get: admin('listConversionRules', 'List conversion rules', {
      responses: { '200': json('Rules by creation', component('ConversionRuleList', RuleList, 'output')) },
    }),
  };
  paths['/v1/admin/conversion-rules/{ruleId}'] = {
    get: admin('getConversionRule', 'One conversion rule', { parameters: [ruleId], responses: { '200': json('The rule', rule), ...errors(404) } }),
    patch: admin('patchConversionRule', 'Change a conversion rule (applies from the next rollup of each day)', {
      parameters: [ruleId],
      requestBody: body(component('ConversionRulePatch', RulePatch, 'input')),
      responses: { '200': json('The changed rule', rule), ...errors(404) },
    }),
    delete: admin('deleteConversionRule', 'Delete a conversion rule', { parameters: [ruleId], responses: deleted }),
  };
  paths['/v1/admin/keys'] = {
    get: admin('listKeys', 'List key prefixes and their state (never the secrets)', {
      responses: { '200': json('Keys', component('KeyList', KeyList, 'output')) },
    }),
  };
  paths['/v1/admin/keys/{kind}/rotate'] = {
    post: admin('rotateKey', 'Create a new key of one kind; by default the previous ones stop working', {
      parameters: [pathParam('kind', KeyKind, 'The key kind')],
      requestBody: body(component('RotateKeyOptions', RotateOptions, 'input'), false),
      responses: { '201': json('The new key, shown once', component('RotatedKey', RotatedKey, 'output')) },
    }),
  };
  paths['/v1/admin/keys/{prefix}'] = {
    delete: admin('revokeKey', 'Revoke one key (never the last admin key)', {
      parameters: [pathParam('prefix', Prefix, 'The visible key prefix')],
      responses: { '204': { description: 'Revoked' }, ...errors(404, 409) },
    }),
  };

  // --- stats, from the same table the router registers
  for (const endpoint of STATS_ENDPOINTS) {
    paths[`${STATS_PREFIX}${endpoint.path}`] = {
      get: {
        operationId: `stats${endpoint.name.charAt(0).toUpperCase()}${endpoint.name.slice(1)}`,
        tags: ['stats'],
        summary: endpoint.summary,
        description:
          'Read-only figures from the daily rollups of the project of the read key. Figures are exact. ' +
          'Send the ETag back in If-None-Match: an unchanged answer is a 304 without a body, decided before any figure is computed.',
        security: [{ readKey: [] }],
        parameters: [
          ...queryParameters(endpoint.query),
          { name: 'If-None-Match', in: 'header', required: false, description: 'The ETag of a previous answer', schema: { type: 'string' } },
        ],
        responses: {
          '200': json('Figures', component(`Stats${endpoint.name.charAt(0).toUpperCase()}${endpoint.name.slice(1)}`, endpoint.response, 'output'), {
            ETag: { description: 'Strong tag of this answer', schema: { type: 'string' } },
            'Cache-Control': { description: '`private, no-cache`', schema: { type: 'string' } },
          }),
          '304': { description: 'Not modified: the If-None-Match tag is current' },
          ...errors(400, 401, 403),
        },
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Cuepoint API',
      version: '1',
      description: 'Ingest for video-widget events, an admin surface for the catalog and keys, and read-only stats.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        writeKey: { type: 'apiKey', in: 'header', name: KEY_HEADER, description: 'The public write key (cpw_…); or `key` in the body.' },
        readKey: { type: 'http', scheme: 'bearer', description: 'A read key (cpr_…): `Authorization: Bearer <key>`.' },
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin key (cpa_…): `Authorization: Bearer <key>`.' },
      },
    },
  };
}

const ERROR_DESCRIPTIONS: Partial<Record<number, string>> = {
  400: 'Invalid request; `error.field` names the part at fault',
  401: 'Missing, unknown or revoked key',
  403: 'A key of the wrong kind, or an origin not allowed',
  404: 'Not found in this project',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Unsupported media type or charset',
};

/** `z.toJSONSchema` without the `$schema` member, which OpenAPI does not want per schema. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** One OpenAPI parameter per property of a query schema, with its requiredness and description. */
function queryParameters(query: z.ZodType): Json[] {
  const object = jsonSchema(query, 'input');
  const properties = isJson(object.properties) ? object.properties : {};
  const required = Array.isArray(object.required) ? object.required : [];
  return Object.entries(properties).map(([name, value]) => {
    const { description, ...schema } = isJson(value) ? value : {};
    return { name, in: 'query', required: required.includes(name), ...(typeof description === 'string' ? { description } : {}), schema };
  });
}

function eventComponentName(type: string): string {
  return `${type.replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase())}Event`;
}

function isJson(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
