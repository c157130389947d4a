/**
 * The shapes the app reads from the API. The stats answers are the server's own response types,
 * imported as types only (nothing of the server is bundled), so a figure renamed or retyped
 * there fails to compile here. The account answers are mirrored, because their schemas pull in
 * server code written for a newer language library than the app's; apiTypes.check.ts (in
 * test/browser/dashboard/) fails to compile when they drift apart.
 */

export type { OverviewResponse, ProjectMetrics, SlotFigures, VideoFigures, VideoMetrics, VideosResponse } from '../../../api/stats/schemas.js';
export type { RealtimeResponse } from '../../../api/stats/realtime/schemas.js';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface SessionUser {
  id: string;
  email: string;
}

export interface SessionProject {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  role: Role;
}

/** GET /v1/auth/session */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  projects: SessionProject[];
}

/** POST /v1/auth/login */
export interface LoginResult {
  user: SessionUser;
  csrfToken: string;
}

/** POST /v1/projects: the new project's id and its keys, shown this once (as `project create` prints them). */
export interface CreatedProject {
  projectId: string;
  writeKey: string;
  readKey: string;
  adminKey: string;
  serverKey: string;
}

/** The fields every stats answer starts with. */
export interface RangeFields {
  timezone: string;
  from: string;
  to: string;
}
