/**
 * Ceiling (a): the least a Node server can do for an ingest request: read the body, parse the
 * same JSON, answer 202 with the same shape of answer. No framework, no validation, no Redis.
 */
import { createServer } from 'node:http';
import { listenAndAnnounce } from './announce.js';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events?: unknown[] };
    const answer = JSON.stringify({ accepted: body.events?.length ?? 0, rejected: [] });
    res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
    res.end(answer);
  });
});
listenAndAnnounce(server);
