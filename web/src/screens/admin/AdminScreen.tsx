import type { ComponentType } from 'preact';
import type { SessionProject } from '../../api/types';
import { NotFound } from '../../app/NotFound';
import type { ProjectScreenProps } from '../../app/routes';
import { Layout, ScreenHeader } from '../../components/Layout';
import { useStrings } from '../../i18n/strings';
import { Link } from '../../router/Link';
import { href } from '../../router/router';
import { KeysAdmin } from './keys/KeysAdmin';
import { MembersAdmin } from './members/MembersAdmin';
import { RulesAdmin } from './rules/RulesAdmin';
import { SettingsAdmin } from './settings/SettingsAdmin';
import { SlotsAdmin } from './slots/SlotsAdmin';
import { strings } from './strings';
import { VideosAdmin } from './videos/VideosAdmin';

type Page = 'videos' | 'slots' | 'rules' | 'keys' | 'settings' | 'members';

/** The admin pages, in the order of their tabs; members are for owners only. */
const PAGES: readonly { key: Page; screen: ComponentType<{ project: SessionProject }>; ownerOnly?: boolean }[] = [
  { key: 'videos', screen: VideosAdmin },
  { key: 'slots', screen: SlotsAdmin },
  { key: 'rules', screen: RulesAdmin },
  { key: 'keys', screen: KeysAdmin },
  { key: 'settings', screen: SettingsAdmin },
  { key: 'members', screen: MembersAdmin, ownerOnly: true },
];

/**
 * `/p/:projectId/admin/<page>`: the catalog, rules, keys, settings and members of a project,
 * through the same admin routes an admin key uses. Shown to admins and owners (the route asks
 * for the admin role; the server checks it again on every request).
 */
export default function AdminScreen({ project, params }: ProjectScreenProps) {
  const t = useStrings(strings);
  const pages = PAGES.filter((p) => p.ownerOnly !== true || project.role === 'owner');
  const wanted = (params['*'] ?? '').split('/')[0] || 'videos';
  const page = pages.find((p) => p.key === wanted);
  const Screen = page?.screen;
  return (
    <Layout project={project} current="admin">
      <ScreenHeader title={page ? `${t.title} · ${t[page.key]}` : t.title} />
      <nav class="subnav" aria-label={t.sections}>
        {pages.map((p) => (
          <Link key={p.key} class="subnav-link" href={href(`/p/${encodeURIComponent(project.id)}/admin/${p.key}`)} aria-current={p.key === page?.key ? 'page' : undefined}>
            {t[p.key]}
          </Link>
        ))}
      </nav>
      {Screen ? <Screen key={page.key} project={project} /> : <NotFound />}
    </Layout>
  );
}
