import { Router } from 'express';
import { adminRoute, type AdminDeps } from './context.js';
import { listKeys, revokeKey, rotateKey } from './keys.js';
import { getProject, patchProject } from './project.js';
import { createRule, deleteRule, getRule, listRules, patchRule } from './rules.js';
import { testRules } from './ruleTest.js';
import { createSlot, deleteSlot, getSlot, listSlots, patchSlot } from './slots.js';
import { createVideo, deleteVideo, getVideo, listVideos, patchVideo } from './videos.js';

/** The admin surface; every route acts on the project of the presented admin key. */
export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  const route = (handler: Parameters<typeof adminRoute>[1]) => adminRoute(deps, handler);

  router.get('/project', route(getProject));
  router.patch('/project', route(patchProject));

  router.post('/videos', route(createVideo));
  router.get('/videos', route(listVideos));
  router.get('/videos/:videoId', route(getVideo));
  router.patch('/videos/:videoId', route(patchVideo));
  router.delete('/videos/:videoId', route(deleteVideo));

  router.post('/slots', route(createSlot));
  router.get('/slots', route(listSlots));
  router.get('/slots/:slotId', route(getSlot));
  router.patch('/slots/:slotId', route(patchSlot));
  router.delete('/slots/:slotId', route(deleteSlot));

  router.post('/conversion-rules', route(createRule));
  router.get('/conversion-rules', route(listRules));
  router.post('/conversion-rules/test', route(testRules));
  router.get('/conversion-rules/:ruleId', route(getRule));
  router.patch('/conversion-rules/:ruleId', route(patchRule));
  router.delete('/conversion-rules/:ruleId', route(deleteRule));

  router.get('/keys', route(listKeys));
  router.post('/keys/:kind/rotate', route(rotateKey));
  router.delete('/keys/:prefix', route(revokeKey));
  return router;
}
