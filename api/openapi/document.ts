// The OpenAPI 3.1 document, generated from the routes' own descriptions and zod schemas
// (z.toJSONSchema emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
import { z } from 'zod';
import type { RouteDoc, SuccessDoc } from './route-doc';

const errorSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable; callers match on it.' },
        message: { type: 'string', description: 'What to do about it, for a person.' },
        field: { type: 'string', description: 'The request field at fault.' },
        requestId: {
          type: 'string',
          description: 'The request’s id, also in its x-request-id header and its log line.',
        },
      },
    },
  },
};

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

export function openApiDocument(routes: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Self-service seller billing',
      version: '1',
      description:
        'Bearer API keys with a role and a scope. A wrong role answers 403; anything outside the key’s scope answers 404. Every 4xx is {"error":{"code","message","field"?,"requestId"}}. Money is integers: spend in micros, charges and limits in the currency’s minor units.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

function operationOf(route: RouteDoc) {
  const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  const queryParameters = route.query ? queryParametersOf(route.query) : [];
  const errors = {
    description: 'A caller mistake',
    content: json({ $ref: '#/components/schemas/Error' }),
  };
  return {
    summary: route.summary,
    description: route.roles.length
      ? `Roles: ${route.roles.join(', ')}.`
      : 'No API key: the request carries its own credential.',
    security: route.roles.length ? [{ apiKey: [] }] : [],
    // Grouped by who may call it: the fuzzer runs each role's operations with that role's key.
    tags: route.roles.length ? route.roles : ['no key'],
    'x-roles': route.roles,
    parameters: [...pathParameters, ...queryParameters],
    ...(route.body
      ? { requestBody: { required: true, content: json(jsonSchemaOf(route.body)) } }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(route.responses).map(([status, doc]) => [
          status,
          typeof doc !== 'string'
            ? successOf(doc)
            : Number(status) < 400
              ? { description: doc }
              : { ...errors, description: doc },
        ]),
      ),
      '4XX': errors,
    },
  };
}

function successOf(doc: SuccessDoc) {
  const content =
    'schema' in doc
      ? json(jsonSchemaOf(doc.schema, 'output'))
      : { [doc.contentType]: { schema: { type: 'string' } } };
  return { description: doc.description, content };
}

function queryParametersOf(schema: z.ZodType) {
  const jsonSchema = jsonSchemaOf(schema) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(jsonSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: jsonSchema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function json(schema: unknown) {
  return { 'application/json': { schema } };
}
