/**
 * The shapes the app reads from the API. They mirror the server's response schemas;
 * test/browser/dashboard/apiTypes.check.ts fails to compile when the two drift apart.
 */

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

/** Project-level figures of a day or of a range (the metric registry's project level). */
export interface ProjectMetrics {
  impressions: number;
  opens: number;
  openers: number;
  interactions: number;
  visitors: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  plays: number;
  viewers: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  converters: number;
  conversionValue: number;
  playRate: number | null;
  completionRate: number | null;
  ctr: number | null;
  cvr: number | null;
  avgWatchSeconds: number | null;
  otherCurrencies: Record<string, number>;
}

/** The fields every stats answer starts with. */
export interface RangeFields {
  timezone: string;
  from: string;
  to: string;
}

/** GET /v1/stats/overview */
export interface OverviewResponse extends RangeFields {
  currency: string;
  totals: ProjectMetrics;
  series: (ProjectMetrics & { date: string })[];
}

/** Figures of a video or one of its slots. */
export interface VideoMetrics {
  interactions: number;
  plays: number;
  viewers: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  converters: number;
  conversionValue: number;
  playRate?: number | null;
  completionRate: number | null;
  ctr: number | null;
  cvr: number | null;
  avgWatchSeconds: number | null;
}

export interface SlotFigures extends VideoMetrics {
  slotId: string;
}

export interface VideoFigures extends VideoMetrics {
  videoId: string;
  title: string | null;
  slots: SlotFigures[];
}

/** GET /v1/stats/videos (without `by`) */
export interface VideosResponse extends RangeFields {
  currency: string;
  videos: VideoFigures[];
  other: VideoMetrics | null;
}

/** POST /v1/projects: the new project's id and its keys, shown this once (as `project create` prints them). */
export interface CreatedProject {
  projectId: string;
  writeKey: string;
  readKey: string;
  adminKey: string;
  serverKey: string;
}
