import { Router } from 'express';
import { buildOpenApiDocument, type OpenApiDocument } from './document.js';

/** `GET /openapi.json`: the document is built once, on first request, from the zod schemas. */
export function openapiRouter(): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument();
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(document);
  });
  return router;
}
