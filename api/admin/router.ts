import { Router } from 'express';
import { adminRoute, type AdminDeps } from './context.js';
import { listKeys, revokeKey, rotateKey } from './keys.js';
import { createFunnel, deleteFunnelHandler, getFunnel, listFunnelsHandler, patchFunnel } from './funnels.js';
import { addMember, listMembers, MEMBERS_READ, MEMBERS_WRITE, patchMember, removeMember } from './members.js';
import { deleteOwnProject, PROJECT_DELETE } from './projectDeletion.js';
import { getProject, patchProject } from './project.js';
import { createRule, deleteRule, getRule, listRules, patchRule } from './rules.js';
import { testRules } from './ruleTest.js';
import { createSlot, deleteSlot, getSlot, listSlots, patchSlot } from './slots.js';
import { createVideo, deleteVideo, getVideo, listVideos, patchVideo } from './videos.js';

/**
 * The admin surface; every route acts on the project of the presented admin key, or on the
 * project a signed-in admin names in X-Cuepoint-Project. Members and deletion are for signed-in
 * users only.
 */
export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  const route = (handler: Parameters<typeof adminRoute>[1], need?: Parameters<typeof adminRoute>[2]) => adminRoute(deps, handler, need);

  router.get('/project', route(getProject));
  router.patch('/project', route(patchProject));
  router.delete('/project', route(deleteOwnProject(deps.maintenance), PROJECT_DELETE));

  router.get('/members', route(listMembers, MEMBERS_READ));
  router.post('/members', route(addMember, MEMBERS_WRITE));
  router.patch('/members/:userId', route(patchMember, MEMBERS_WRITE));
  router.delete('/members/:userId', route(removeMember, MEMBERS_WRITE));

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

  router.post('/funnels', route(createFunnel));
  router.get('/funnels', route(listFunnelsHandler));
  router.get('/funnels/:funnelId', route(getFunnel));
  router.patch('/funnels/:funnelId', route(patchFunnel));
  router.delete('/funnels/:funnelId', route(deleteFunnelHandler));

  router.get('/keys', route(listKeys));
  router.post('/keys/:kind/rotate', route(rotateKey));
  router.delete('/keys/:prefix', route(revokeKey));
  return router;
}
