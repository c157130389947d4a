import type { ComponentChildren } from 'preact';
import type { SessionProject } from '../api/types';
import { hasRole } from '../app/roles';
import { useApp } from '../app/session';
import { useStrings } from '../i18n/strings';
import { Link } from '../router/Link';
import { href, navigate, useLocation } from '../router/router';
import { AccountMenu } from './AccountMenu';
import { LanguageSwitch } from './LanguageSwitch';
import { strings } from './strings';
import { ExportAllowed } from './exportAllowed';

/** The sections of a project, in the order of the navigation. */
export type Section = 'overview' | 'realtime' | 'videos' | 'site' | 'forms' | 'journeys' | 'admin';

export interface LayoutProps {
  /** The project the screen is about, if any. */
  project?: SessionProject;
  /** The navigation entry to mark as current. */
  current?: Section | 'projects' | 'account';
  children?: ComponentChildren;
}

/**
 * The frame of every logged-in screen: brand, project switcher, the project's sections (journeys
 * and admin only for admins and owners), language and account menu; then the screen in `<main>`.
 */
export function Layout({ project, current, children }: LayoutProps) {
  const t = useStrings(strings);
  const { session } = useApp();
  const { query } = useLocation();
  // The range and bots switch travel with the links, so every section shows the same days.
  const keep = new URLSearchParams([...query].filter(([name]) => ['range', 'from', 'to', 'bots'].includes(name)));
  const sections: { key: Section; label: string }[] = [
    { key: 'overview', label: t.overview },
    { key: 'realtime', label: t.realtime },
    { key: 'videos', label: t.videos },
    { key: 'site', label: t.site },
    { key: 'forms', label: t.forms },
  ];
  // Journeys link people to what they did: for admins and owners only, like the admin area.
  if (project && hasRole(project.role, 'admin')) sections.push({ key: 'journeys', label: t.journeys }, { key: 'admin', label: t.admin });

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="topbar">
        <div class="topbar-row">
          <Link href={href('/')} class="brand">
            <span class="brand-mark" aria-hidden="true" />
            Cuepoint
          </Link>
          {project && session.projects.length > 0 && (
            <label class="select-label project-switch">
              <span class="visually-hidden">{t.project}</span>
              <select
                value={project.id}
                onChange={(e) => navigate(href(`/p/${encodeURIComponent(e.currentTarget.value)}/${current === 'admin' ? 'admin' : 'overview'}`, keep))}
              >
                {session.projects.map((p) => (
                  <option value={p.id} key={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div class="topbar-end">
            <LanguageSwitch />
            <AccountMenu />
          </div>
        </div>
        <nav class="nav" aria-label={t.mainNav}>
          <Link href={href('/', keep)} class="nav-link" aria-current={current === 'projects' ? 'page' : undefined}>
            {t.projects}
          </Link>
          {project &&
            sections.map((s) => (
              <Link
                key={s.key}
                href={href(`/p/${encodeURIComponent(project.id)}/${s.key}`, keep)}
                class="nav-link"
                aria-current={current === s.key ? 'page' : undefined}
              >
                {s.label}
              </Link>
            ))}
        </nav>
      </header>
      <main id="main" class="main" tabIndex={-1}>
        <ExportAllowed.Provider value={project ? hasRole(project.role, 'member') : true}>{children}</ExportAllowed.Provider>
      </main>
    </div>
  );
}

/** A screen's title row: heading at the left, controls (range, bots) at the right. */
export function ScreenHeader({ title, children }: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="screen-header">
      <h1>{title}</h1>
      {children !== undefined && <div class="screen-controls">{children}</div>}
    </div>
  );
}
