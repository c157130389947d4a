import { FunnelId, FunnelInput, FunnelPatch, MAX_FUNNELS_PER_PROJECT, type StoredFunnel } from '../../shared/funnels/definition.js';
import { countFunnels, deleteFunnel, findFunnel, insertFunnel, listFunnels, updateFunnel } from '../../shared/funnels/store.js';
import { HttpError } from '../http/errors.js';
import type { AdminContext, AdminHandler } from './context.js';
import { notFound, parseInput, parseParam } from './validation.js';

export function serializeFunnel(f: StoredFunnel) {
  return { id: f.id, name: f.name, steps: f.steps, unit: f.unit, windowDays: f.windowDays, mode: f.mode, createdAt: f.createdAt, updatedAt: f.updatedAt };
}

/** Two creations racing past the cap can both pass; the list and the stats stay bounded by their own limits. */
async function checkRoom(ctx: AdminContext): Promise<void> {
  const count = await countFunnels(ctx.pool, ctx.projectId);
  if (count >= MAX_FUNNELS_PER_PROJECT) {
    throw new HttpError(409, 'too_many_funnels', `this project has ${count} funnels and may have at most ${MAX_FUNNELS_PER_PROJECT}; delete one first`);
  }
}

async function findOwn(ctx: AdminContext, params: Partial<Record<string, string>>): Promise<StoredFunnel> {
  const id = parseParam(params, 'funnelId', FunnelId);
  const funnel = await findFunnel(ctx.pool, ctx.projectId, id);
  if (!funnel) throw notFound('funnel', id);
  return funnel;
}

export const createFunnel: AdminHandler = async (ctx, { body }) => {
  const input = parseInput(FunnelInput, body);
  await checkRoom(ctx);
  return { status: 201, body: serializeFunnel(await insertFunnel(ctx.pool, ctx.projectId, input)) };
};

export const listFunnelsHandler: AdminHandler = async (ctx) => {
  return { status: 200, body: { funnels: (await listFunnels(ctx.pool, ctx.projectId)).map(serializeFunnel) } };
};

export const getFunnel: AdminHandler = async (ctx, { params }) => {
  return { status: 200, body: serializeFunnel(await findOwn(ctx, params)) };
};

/** The merged funnel is validated as a whole, so a change of one field cannot leave it inconsistent. */
export const patchFunnel: AdminHandler = async (ctx, { params, body }) => {
  const funnel = await findOwn(ctx, params);
  const patch = parseInput(FunnelPatch, body ?? {}, { immutable: ['id', 'createdAt', 'updatedAt'] });
  const { name, steps, unit, windowDays, mode } = funnel;
  const merged = parseInput(FunnelInput, { name, steps, unit, windowDays, mode, ...patch });
  const updated = await updateFunnel(ctx.pool, ctx.projectId, funnel.id, merged);
  if (!updated) throw notFound('funnel', funnel.id);
  return { status: 200, body: serializeFunnel(updated) };
};

export const deleteFunnelHandler: AdminHandler = async (ctx, { params }) => {
  const id = parseParam(params, 'funnelId', FunnelId);
  if (!(await deleteFunnel(ctx.pool, ctx.projectId, id))) throw notFound('funnel', id);
  return { status: 204 };
};
