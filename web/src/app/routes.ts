import type { ComponentType } from 'preact';
import type { Role, SessionProject } from '../api/types';
import type { Section } from '../components/Layout';
import { lazy } from './lazy';

/** What every screen gets from the router. */
export interface ScreenProps {
  /** The pattern's parameters (`*` for the rest of a path after a final `/*`). */
  params: Record<string, string>;
  query: URLSearchParams;
}

/** A screen of one project (`/p/:projectId/…`): the project comes from the session, role included. */
export interface ProjectScreenProps extends ScreenProps {
  project: SessionProject;
}

export type RouteDef =
  | { kind: 'public'; pattern: string; screen: ComponentType<ScreenProps> }
  | { kind: 'user'; pattern: string; screen: ComponentType<ScreenProps> }
  | {
      kind: 'project';
      /** Starts with `/p/:projectId/`. */
      pattern: string;
      screen: ComponentType<ProjectScreenProps>;
      /** The navigation entry it belongs to. */
      section: Section;
      /** Below this role the screen is not shown (the API refuses its data anyway). */
      minRole?: Role;
    };

/**
 * Every screen of the app, first match wins. Each screen is its own chunk, loaded when first shown.
 * A new screen: add its folder under screens/ and one line here.
 */
export const ROUTES: readonly RouteDef[] = [
  { kind: 'public', pattern: '/login', screen: lazy(() => import('../screens/login/LoginScreen')) },
  { kind: 'user', pattern: '/', screen: lazy(() => import('../screens/projects/ProjectsScreen')) },
  { kind: 'user', pattern: '/account', screen: lazy(() => import('../screens/account/AccountScreen')) },
  { kind: 'project', pattern: '/p/:projectId/overview', section: 'overview', screen: lazy(() => import('../screens/overview/OverviewScreen')) },
  { kind: 'project', pattern: '/p/:projectId/realtime', section: 'realtime', screen: lazy(() => import('../screens/realtime/RealtimeScreen')) },
  { kind: 'project', pattern: '/p/:projectId/videos/*', section: 'videos', screen: lazy(() => import('../screens/videos/VideosScreen')) },
  { kind: 'project', pattern: '/p/:projectId/site/*', section: 'site', screen: lazy(() => import('../screens/site/SiteScreen')) },
  { kind: 'project', pattern: '/p/:projectId/forms/*', section: 'forms', screen: lazy(() => import('../screens/forms/FormsScreen')) },
  {
    kind: 'project',
    pattern: '/p/:projectId/journeys/*',
    section: 'journeys',
    minRole: 'admin',
    screen: lazy(() => import('../screens/journeys/JourneysScreen')),
  },
  {
    kind: 'project',
    pattern: '/p/:projectId/admin/*',
    section: 'admin',
    minRole: 'admin',
    screen: lazy(() => import('../screens/admin/AdminScreen')),
  },
];
