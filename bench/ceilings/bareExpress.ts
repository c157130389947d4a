/**
 * Ceiling (b): the framework the product runs on, with nothing of the product: Express 5,
 * helmet and express.json (same media types and size limit as ingest), answering 202.
 */
import { createServer } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { listenAndAnnounce } from './announce.js';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(helmet());
app.use(express.json({ limit: '500kb', type: ['application/json', 'text/plain'] }));
app.post('/v1/events', (req, res) => {
  const body = req.body as { events?: unknown[] };
  res.status(202).json({ accepted: body.events?.length ?? 0, rejected: [] });
});
listenAndAnnounce(createServer(app));
