import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { CatalogId } from '../../shared/events/schema.js';
import { Slot, type ISlot } from '../../shared/entities/Slot.js';
import { flushCreate } from './catalog.js';
import type { AdminContext, AdminHandler } from './context.js';
import { refuseDeletingLinkedSlot, requireLinkedSlots, requireVideo } from './references.js';
import { duplicate, HttpUrl, Label, notFound, parseInput, parseParam, unique } from './validation.js';

/** Slot ids a viewer can branch to; each must be a slot of the project (or the slot itself). */
const Links = z.array(CatalogId).max(50);

const SlotFields = {
  /** A video of the project. Events may still name ids the catalog lacks: those are counted too. */
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

/** The video and every linked slot must exist, so set up videos first, then slots, then links. */
export const createSlot: AdminHandler = async (ctx, { body }) => {
  const input = parseInput(SlotCreate, body);
  const links = unique(input.links ?? []);
  if ((await ctx.em.count(Slot, { project: ctx.projectId, slotId: input.slotId })) > 0) throw duplicate('slotId', input.slotId);
  const slot = await flushCreate(
    () =>
      ctx.em.transactional(async (em) => {
        await requireVideo(em, ctx.projectId, input.videoId);
        await requireLinkedSlots(em, ctx.projectId, links, input.slotId);
        return em.create(Slot, {
          project: ctx.projectId,
          slotId: input.slotId,
          videoId: input.videoId,
          ctaLabel: input.ctaLabel ?? null,
          ctaUrl: input.ctaUrl ?? null,
          detailLabel: input.detailLabel ?? null,
          detailUrl: input.detailUrl ?? null,
          links,
        });
      }),
    () => duplicate('slotId', input.slotId),
  );
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
  const slotId = parseParam(params, 'slotId', CatalogId);
  const patch = parseInput(SlotPatch, body ?? {}, { immutable: ['slotId'] });
  const slot = await ctx.em.transactional(async (em) => {
    const found = await em.findOne(Slot, { project: ctx.projectId, slotId });
    if (!found) throw notFound('slot', slotId);
    if (patch.videoId !== undefined && patch.videoId !== found.videoId) await requireVideo(em, ctx.projectId, patch.videoId);
    if (patch.links !== undefined) await requireLinkedSlots(em, ctx.projectId, unique(patch.links), slotId);
    if (patch.videoId !== undefined) found.videoId = patch.videoId;
    if (patch.ctaLabel !== undefined) found.ctaLabel = patch.ctaLabel;
    if (patch.ctaUrl !== undefined) found.ctaUrl = patch.ctaUrl;
    if (patch.detailLabel !== undefined) found.detailLabel = patch.detailLabel;
    if (patch.detailUrl !== undefined) found.detailUrl = patch.detailUrl;
    if (patch.links !== undefined) found.links = unique(patch.links);
    return found;
  });
  return { status: 200, body: serializeSlot(slot) };
};

/** A slot other slots link to is not deleted (409 naming them), or their branch buttons would lead nowhere. */
export const deleteSlot: AdminHandler = async (ctx, { params }) => {
  const slotId = parseParam(params, 'slotId', CatalogId);
  await ctx.em.transactional(async (em) => {
    const slot = await em.findOne(Slot, { project: ctx.projectId, slotId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!slot) throw notFound('slot', slotId);
    await refuseDeletingLinkedSlot(em, ctx.projectId, slotId);
    em.remove(slot);
  });
  return { status: 204 };
};

async function findSlot(ctx: AdminContext, params: Partial<Record<string, string>>): Promise<ISlot> {
  const slotId = parseParam(params, 'slotId', CatalogId);
  const slot = await ctx.em.findOne(Slot, { project: ctx.projectId, slotId });
  if (!slot) throw notFound('slot', slotId);
  return slot;
}
