import { ApiKey, type KeyKind } from '../../shared/entities/ApiKey.js';
import { Project } from '../../shared/entities/Project.js';
import { initOrm } from '../../shared/db/orm.js';
import { generateKey } from '../../shared/keys.js';
import { cliContext } from '../context.js';
import { notifyWebProcesses } from '../notify.js';
import { printAs, type OutputFormat } from '../output.js';
import { requireProjectId } from './projectId.js';

export interface KeyCreateOptions {
  project: string;
  kind: KeyKind;
  format: OutputFormat;
}

/**
 * A new key of one kind, added beside the existing ones and printed once: the way back in
 * when the last admin key is lost. The lost key is then revoked through the admin API
 * (`DELETE /v1/admin/keys/{prefix}`) with the new one.
 */
export async function keyCreateCommand(opts: KeyCreateOptions): Promise<void> {
  const projectId = requireProjectId(opts.project);
  const ctx = await cliContext();
  const orm = await initOrm(ctx.config);
  try {
    const em = orm.em.fork();
    if (!(await em.findOne(Project, projectId, { fields: ['id'] }))) throw new Error(`unknown project: ${projectId}`);
    const fresh = generateKey(opts.kind);
    em.create(ApiKey, { project: projectId, kind: opts.kind, prefix: fresh.prefix, hash: fresh.hash, revokedAt: null });
    await em.flush();
    // Shown first: the secret exists only in this output, whatever happens next.
    printAs(opts.format, { projectId, kind: opts.kind, key: fresh.key, prefix: fresh.prefix }, { [`${opts.kind.toUpperCase()}_KEY`]: fresh.key });
    await notifyWebProcesses(ctx.config, ctx.log);
  } finally {
    await orm.close();
    await ctx.stop();
  }
}
