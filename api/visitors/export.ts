import type { RequestHandler, Response } from 'express';
import type pg from 'pg';
import { ADMIN_NEED, type AdminDeps } from '../admin/context.js';
import { parseParam } from '../admin/validation.js';
import { resolveAccess } from '../auth/access.js';
import { VisitorId } from './erase.js';
import { exportRecord } from './exportRecord.js';
import { exportSources, readSource } from './exportRows.js';

/**
 * `GET /v1/visitors/{visitorId}/export`: everything stored about one visitor of the project, as
 * NDJSON, one row per line: their events, then sessions, plays and the rows of every other
 * table with a visitor column. Read in one REPEATABLE READ snapshot, page by page, waiting for
 * the socket to drain, so memory stays flat however much there is.
 */
export function exportVisitor(deps: AdminDeps): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const { project } = await resolveAccess(deps, req, ADMIN_NEED);
    const visitorId = parseParam({ visitorId: String(req.params.visitorId) }, 'visitorId', VisitorId).toLowerCase();
    const client = await deps.pool.connect();
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      await client.query('begin isolation level repeatable read read only');
      const sources = await exportSources(client);
      res.status(200);
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="visitor-${visitorId}.ndjson"`);
      for (const source of sources) {
        for await (const row of readSource(client, source, project.id, visitorId)) {
          if (res.destroyed) return;
          await writeLine(res, exportRecord(source.kind, row));
        }
      }
      res.end();
    } catch (err) {
      // Once lines are out the status is sent: cut the stream so the client sees it incomplete.
      if (res.headersSent) res.destroy(err instanceof Error ? err : undefined);
      else throw err;
    } finally {
      await rollback(client).catch((err: unknown) => (broken ??= err instanceof Error ? err : new Error(String(err))));
      client.off('error', onError);
      client.release(broken);
    }
  };
}

/** Writes one line; when the socket's buffer is full, waits until it drains or the client leaves. */
async function writeLine(res: Response, record: Record<string, unknown>): Promise<void> {
  if (res.write(`${JSON.stringify(record)}\n`)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function rollback(client: pg.PoolClient): Promise<unknown> {
  return client.query('rollback');
}
