import { z } from 'zod';
import { CatalogId } from '../../shared/events/schema.js';
import { Slot, type ISlot } from '../../shared/entities/Slot.js';
import { flushCreate } from './catalog.js';
import type { AdminContext, AdminHandler } from './context.js';
import { duplicate, HttpUrl, Label, notFound, parseInput, parseParam, unique } from './validation.js';

/** Slot ids a viewer can branch to; they need not exist yet (slots are often set up in any order). */
const Links = z.array(CatalogId).max(50);

const SlotFields = {
  /** Not checked against the videos: events for unknown ids are counted too, and order of setup is free. */
  videoId: CatalogId,
  ctaLabel: Label.nullable().optional(),
  ctaUrl: HttpUrl.nullable().optional(),
  detailLabel: Label.nullable().optional(),
  detailUrl: HttpUrl.nullable().optional(),
  links: Links.optional(),
};

export const SlotCreate = z.strictObject({ slotId: CatalogId, ...SlotFields });
/** The slotId is what events carry; changing it would orphan every stored event. */
export const SlotPatch = z.strictObject({ ...SlotFields, videoId: CatalogId.optional() });

export function serializeSlot(s: ISlot) {
  return {
    slotId: s.slotId,
    videoId: s.videoId,
    ctaLabel: s.ctaLabel ?? null,
    ctaUrl: s.ctaUrl ?? null,
    detailLabel: s.detailLabel ?? null,
    detailUrl: s.detailUrl ?? null,
    links: s.links,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export const createSlot: AdminHandler = async (ctx, { body }) => {
  const input = parseInput(SlotCreate, body);
  if ((await ctx.em.count(Slot, { project: ctx.projectId, slotId: input.slotId })) > 0) throw duplicate('slotId', input.slotId);
  const slot = ctx.em.create(Slot, {
    project: ctx.projectId,
    slotId: input.slotId,
    videoId: input.videoId,
    ctaLabel: input.ctaLabel ?? null,
    ctaUrl: input.ctaUrl ?? null,
    detailLabel: input.detailLabel ?? null,
    detailUrl: input.detailUrl ?? null,
    links: unique(input.links ?? []),
  });
  await flushCreate(() => ctx.em.flush(), () => duplicate('slotId', input.slotId));
  return { status: 201, body: serializeSlot(slot) };
};

export const listSlots: AdminHandler = async (ctx) => {
  const slots = await ctx.em.find(Slot, { project: ctx.projectId }, { orderBy: { slotId: 'asc' } });
  return { status: 200, body: { slots: slots.map(serializeSlot) } };
};

export const getSlot: AdminHandler = async (ctx, { params }) => {
  return { status: 200, body: serializeSlot(await findSlot(ctx, params)) };
};

export const patchSlot: AdminHandler = async (ctx, { params, body }) => {
  const slot = await findSlot(ctx, params);
  const patch = parseInput(SlotPatch, body ?? {}, { immutable: ['slotId'] });
  if (patch.videoId !== undefined) slot.videoId = patch.videoId;
  if (patch.ctaLabel !== undefined) slot.ctaLabel = patch.ctaLabel;
  if (patch.ctaUrl !== undefined) slot.ctaUrl = patch.ctaUrl;
  if (patch.detailLabel !== undefined) slot.detailLabel = patch.detailLabel;
  if (patch.detailUrl !== undefined) slot.detailUrl = patch.detailUrl;
  if (patch.links !== undefined) slot.links = unique(patch.links);
  await ctx.em.flush();
  return { status: 200, body: serializeSlot(slot) };
};

export const deleteSlot: AdminHandler = async (ctx, { params }) => {
  const slotId = parseParam(params, 'slotId', CatalogId);
  const deleted = await ctx.em.nativeDelete(Slot, { project: ctx.projectId, slotId });
  if (deleted === 0) throw notFound('slot', slotId);
  return { status: 204 };
};

async function findSlot(ctx: AdminContext, params: Partial<Record<string, string>>): Promise<ISlot> {
  const slotId = parseParam(params, 'slotId', CatalogId);
  const slot = await ctx.em.findOne(Slot, { project: ctx.projectId, slotId });
  if (!slot) throw notFound('slot', slotId);
  return slot;
}
