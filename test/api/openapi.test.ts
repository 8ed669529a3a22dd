// The OpenAPI document and the docs page are served without a key, and the document's request
// schemas are the ones that validate requests (strict: unknown fields are rejected).
import { z } from 'zod';
import { paymentSettingsSchema } from '../../settings/payment-settings-schema';
import { useDatabaseAndApi } from '../support/api';

const context = useDatabaseAndApi();

test('/v1/openapi.json is OpenAPI 3.1 built from the validating schemas', async () => {
  const response = await fetch(`${context.api.url}/v1/openapi.json`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as Record<string, any>;
  expect(document.openapi).toBe('3.1.0');
  const patch = document.paths['/v1/marketplaces/{id}/payment-settings'].patch;
  expect(patch.requestBody.content['application/json'].schema).toEqual(
    JSON.parse(
      JSON.stringify(
        z.toJSONSchema(paymentSettingsSchema, { io: 'input', unrepresentable: 'any' }),
      ),
    ),
  );
  expect(patch.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  expect(patch['x-roles']).toEqual(['marketplace_admin']);
  const payments = document.paths['/v1/marketplaces/{id}/payments'].get;
  expect((payments.parameters as Array<{ name: string }>).map((p) => p.name)).toEqual([
    'id',
    'limit',
    'cursor',
    'status',
    'from',
    'to',
    'sellerId',
  ]);
  expect(document.paths['/v1/invitations/accept'].post.security).toEqual([]);
});

test('/v1/docs is a self-contained page', async () => {
  const response = await fetch(`${context.api.url}/v1/docs`);
  expect(response.headers.get('content-type')).toContain('text/html');
  const html = await response.text();
  expect(html).toContain("fetch('openapi.json')");
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
});

test('every operation documents its success body, its errors, and typed path parameters', async () => {
  const response = await fetch(`${context.api.url}/v1/openapi.json`);
  const document = (await response.json()) as Record<string, any>;
  const gaps: string[] = [];
  for (const [path, operations] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, operation] of Object.entries<Record<string, any>>(operations)) {
      const label = `${method.toUpperCase()} ${path}`;
      const successes = Object.entries<Record<string, any>>(operation.responses).filter(
        ([status]) => /^2\d\d$/.test(status),
      );
      if (successes.length === 0) gaps.push(`${label}: no success answer`);
      for (const [status, answer] of successes) {
        const [mediaType, content] =
          Object.entries<Record<string, any>>(answer.content ?? {})[0] ?? [];
        if (!content?.schema) gaps.push(`${label} ${status}: no body schema`);
        if (mediaType === 'application/json' && content?.schema?.type === 'object') {
          const strict =
            content.schema.additionalProperties === false || path === '/v1/openapi.json';
          if (!strict) gaps.push(`${label} ${status}: the body may hold undocumented fields`);
        }
      }
      if (
        operation.responses['4XX']?.content['application/json'].schema.$ref !==
        '#/components/schemas/Error'
      ) {
        gaps.push(`${label}: errors without the Error schema`);
      }
      for (const parameter of operation.parameters as Record<string, any>[]) {
        if (parameter.in === 'path' && parameter.schema.format !== 'uuid') {
          gaps.push(`${label}: path parameter ${parameter.name} is not typed`);
        }
      }
    }
  }
  expect(gaps).toEqual([]);
  expect(document.components.schemas.Error.additionalProperties).toBe(false);
});
