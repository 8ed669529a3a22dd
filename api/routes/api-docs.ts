// The API's own description, without a key: GET /v1/openapi.json and a readable page at
// GET /v1/docs that renders it in the browser with no outside script or stylesheet.
import { Router } from 'express';
import { z } from 'zod';
import { openApiDocument } from '../openapi/document';
import { DOCS_PAGE } from '../openapi/docs-page';
import { documentedRoutes } from '../openapi/routes';

export function apiDocsRouter(): Router {
  const document = openApiDocument([
    ...documentedRoutes,
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This document.',
      roles: [],
      responses: {
        200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) },
      },
    },
    {
      method: 'get',
      path: '/docs',
      summary: 'This document as a page.',
      roles: [],
      responses: { 200: { description: 'HTML', contentType: 'text/html' } },
    },
  ]);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  return router;
}
