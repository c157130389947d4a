import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { LIMITS } from '../../shared/events/limits.js';
import { CatalogId } from '../../shared/events/schema.js';
import { Video, type IVideo } from '../../shared/entities/Video.js';
import { flushCreate } from './catalog.js';
import type { AdminContext, AdminHandler } from './context.js';
import { refuseDeletingShownVideo } from './references.js';
import { duplicate, HttpUrl, Label, notFound, parseInput, parseParam } from './validation.js';

/** Media seconds, as players report them; audience retention takes its percent points of it. */
const Duration = z.number().gt(0, 'must be more than 0').max(LIMITS.maxMediaSeconds);

export const VideoCreate = z.strictObject({
  videoId: CatalogId,
  title: Label,
  videoUrl: HttpUrl.nullable().optional(),
  duration: Duration.nullable().optional(),
});

/** The videoId is what events carry; changing it would orphan every stored event. */
export const VideoPatch = z.strictObject({
  title: Label.optional(),
  videoUrl: HttpUrl.nullable().optional(),
  duration: Duration.nullable().optional(),
});

export function serializeVideo(v: IVideo) {
  return { videoId: v.videoId, title: v.title, videoUrl: v.videoUrl ?? null, duration: v.duration ?? null, createdAt: v.createdAt, updatedAt: v.updatedAt };
}

export const createVideo: AdminHandler = async (ctx, { body }) => {
  const input = parseInput(VideoCreate, body);
  if ((await ctx.em.count(Video, { project: ctx.projectId, videoId: input.videoId })) > 0) throw duplicate('videoId', input.videoId);
  const video = ctx.em.create(Video, {
    project: ctx.projectId,
    videoId: input.videoId,
    title: input.title,
    videoUrl: input.videoUrl ?? null,
    duration: input.duration ?? null,
  });
  await flushCreate(() => ctx.em.flush(), () => duplicate('videoId', input.videoId));
  return { status: 201, body: serializeVideo(video) };
};

export const listVideos: AdminHandler = async (ctx) => {
  const videos = await ctx.em.find(Video, { project: ctx.projectId }, { orderBy: { videoId: 'asc' } });
  return { status: 200, body: { videos: videos.map(serializeVideo) } };
};

export const getVideo: AdminHandler = async (ctx, { params }) => {
  return { status: 200, body: serializeVideo(await findVideo(ctx, params)) };
};

export const patchVideo: AdminHandler = async (ctx, { params, body }) => {
  const video = await findVideo(ctx, params);
  const patch = parseInput(VideoPatch, body ?? {}, { immutable: ['videoId'] });
  if (patch.title !== undefined) video.title = patch.title;
  if (patch.videoUrl !== undefined) video.videoUrl = patch.videoUrl;
  if (patch.duration !== undefined) video.duration = patch.duration;
  await ctx.em.flush();
  return { status: 200, body: serializeVideo(video) };
};

/**
 * A video that slots still show is not deleted (409 naming them): a slot without its video
 * is a hole in the widget, and deleting the slots along with it would silently lose their
 * CTAs and links. Its events keep counting either way.
 */
export const deleteVideo: AdminHandler = async (ctx, { params }) => {
  const videoId = parseParam(params, 'videoId', CatalogId);
  await ctx.em.transactional(async (em) => {
    const video = await em.findOne(Video, { project: ctx.projectId, videoId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!video) throw notFound('video', videoId);
    await refuseDeletingShownVideo(em, ctx.projectId, videoId);
    em.remove(video);
  });
  return { status: 204 };
};

async function findVideo(ctx: AdminContext, params: Partial<Record<string, string>>): Promise<IVideo> {
  const videoId = parseParam(params, 'videoId', CatalogId);
  const video = await ctx.em.findOne(Video, { project: ctx.projectId, videoId });
  if (!video) throw notFound('video', videoId);
  return video;
}
