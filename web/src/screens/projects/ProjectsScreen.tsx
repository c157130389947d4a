import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from '../../app/routes';
import { useApp } from '../../app/session';
import { BotsSwitch } from '../../components/BotsSwitch';
import { Card } from '../../components/Card';
import { preloadCharts } from '../../components/Chart';
import { Layout, ScreenHeader } from '../../components/Layout';
import { useRange } from '../../components/range';
import { RangePicker } from '../../components/RangePicker';
import { useStrings } from '../../i18n/strings';
import { NewProject } from './NewProject';
import { ProjectCard } from './ProjectCard';
import { strings } from './strings';

export default function ProjectsScreen(_props: ScreenProps) {
  useEffect(preloadCharts, []);
  const t = useStrings(strings);
  const { session } = useApp();
  // Each card resolves the preset in its own project's time zone; the picker shows the browser's.
  const range = useRange(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [creating, setCreating] = useState(false);

  return (
    <Layout current="projects">
      <ScreenHeader title={t.title}>
        <RangePicker state={range} />
        <BotsSwitch state={range} />
        {!creating && (
          <button type="button" class="button primary" onClick={() => setCreating(true)}>
            + {t.newProject}
          </button>
        )}
      </ScreenHeader>
      {creating && <NewProject onClose={() => setCreating(false)} />}
      {session.projects.length === 0 && !creating && (
        <Card>
          <p class="muted">{t.noProjects}</p>
        </Card>
      )}
      <div class="project-grid">
        {session.projects.map((p) => (
          <ProjectCard key={p.id} project={p} />
        ))}
      </div>
    </Layout>
  );
}
