import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Slot } from '../../shared/entities/Slot.js';
import { Video } from '../../shared/entities/Video.js';
import { HttpError } from '../http/errors.js';

/**
 * The catalog stays consistent: a slot names a video that exists, its links name slots that
 * exist, and nothing is deleted while something still names it. Each check runs inside the
 * write's transaction and locks what it found (FOR SHARE when referring, FOR UPDATE when
 * deleting), so a concurrent delete and a concurrent reference cannot both succeed.
 */

/** 400 unless `videoId` is a video of the project; the video stays locked until the transaction ends. */
export async function requireVideo(em: EntityManager, projectId: string, videoId: string): Promise<void> {
  const found = await em.findOne(Video, { project: projectId, videoId }, { lockMode: LockMode.PESSIMISTIC_READ, fields: ['id'] });
  if (!found) {
    throw new HttpError(400, 'unknown_reference', `videoId ${videoId} is not a video of this project: create it first (POST /v1/admin/videos)`, {
      field: 'videoId',
    });
  }
}

/**
 * 400 naming the first link (`links.<index>`) that is not a slot of the project. `self` (the
 * slot being written) may link to itself even while it is being created.
 */
export async function requireLinkedSlots(em: EntityManager, projectId: string, links: readonly string[], self: string): Promise<void> {
  const others = links.filter((id) => id !== self);
  if (others.length === 0) return;
  const found = await em.find(Slot, { project: projectId, slotId: { $in: others } }, { lockMode: LockMode.PESSIMISTIC_READ, fields: ['slotId'] });
  const existing = new Set(found.map((s) => s.slotId));
  const index = links.findIndex((id) => id !== self && !existing.has(id));
  if (index >= 0) {
    throw new HttpError(400, 'unknown_reference', `links.${index} ${links[index]} is not a slot of this project: create it first (POST /v1/admin/slots)`, {
      field: `links.${index}`,
    });
  }
}

/** 409 naming the slots that show the video; the caller holds the video's row lock. */
export async function refuseDeletingShownVideo(em: EntityManager, projectId: string, videoId: string): Promise<void> {
  const showing = await em.find(Slot, { project: projectId, videoId }, { orderBy: { slotId: 'asc' }, fields: ['slotId'] });
  if (showing.length === 0) return;
  const slots = showing.map((s) => s.slotId);
  throw new HttpError(
    409,
    'in_use',
    `video ${videoId} is shown by slot${slots.length > 1 ? 's' : ''} ${slots.join(', ')}: delete them or point them at another video first`,
    { field: 'videoId', extra: { slots } },
  );
}

/** 409 naming the other slots that link to this one; the caller holds the slot's row lock. */
export async function refuseDeletingLinkedSlot(em: EntityManager, projectId: string, slotId: string): Promise<void> {
  const linking = await em.execute<{ slot_id: string }[]>(
    'select slot_id from slots where project_id = ? and slot_id <> ? and links @> cast(? as jsonb) order by slot_id',
    [projectId, slotId, JSON.stringify([slotId])],
  );
  if (linking.length === 0) return;
  const slots = linking.map((r) => r.slot_id);
  throw new HttpError(
    409,
    'in_use',
    `slot ${slotId} is linked from slot${slots.length > 1 ? 's' : ''} ${slots.join(', ')}: remove it from their links first`,
    { field: 'slotId', extra: { slots } },
  );
}
