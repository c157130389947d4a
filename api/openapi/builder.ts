import { z } from 'zod';
import { ErrorResponse } from './schemas.js';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) or an OpenAPI object. */
export type Json = Record<string, unknown>;
export type Paths = Record<string, Record<string, Json>>;

/**
 * The shared vocabulary of the document's sections: components registered once and referred
 * to, JSON answers, error answers, bodies and path parameters.
 */
export class OpenApiBuilder {
  readonly schemas: Record<string, Json> = {};

  /** Registers a component once and returns a reference to it. */
  readonly component = (name: string, schema: z.ZodType, io: 'input' | 'output'): Json => {
    this.schemas[name] ??= jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };

  readonly json = (description: string, schema: Json, headers?: Json): Json => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema } },
  });

  readonly error: Json = this.component('Error', ErrorResponse, 'output');

  readonly errors = (...statuses: number[]): Record<string, Json> =>
    Object.fromEntries(statuses.map((status) => [String(status), this.json(ERROR_DESCRIPTIONS[status] ?? 'Error', this.error)]));

  readonly body = (schema: Json, required = true): Json => ({ required, content: { 'application/json': { schema } } });

  readonly pathParam = (name: string, schema: z.ZodType, description: string): Json => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: jsonSchema(schema, 'input'),
  });
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
export function queryParameters(query: z.ZodType): Json[] {
  const object = jsonSchema(query, 'input');
  const properties = isJson(object.properties) ? object.properties : {};
  const required = Array.isArray(object.required) ? object.required : [];
  return Object.entries(properties).map(([name, value]) => {
    const { description, ...schema } = isJson(value) ? value : {};
    return { name, in: 'query', required: required.includes(name), ...(typeof description === 'string' ? { description } : {}), schema };
  });
}

export function eventComponentName(type: string): string {
  return `${type.replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase())}Event`;
}

export function isJson(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
