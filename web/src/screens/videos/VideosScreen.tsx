import type { ProjectScreenProps } from '../../app/routes';
import { Card } from '../../components/Card';
import { Layout, ScreenHeader } from '../../components/Layout';
import { strings } from '../../components/strings';
import { useStrings } from '../../i18n/strings';

/** Placeholder until the videos screen is built; it keeps the navigation working. */
export default function VideosScreen({ project }: ProjectScreenProps) {
  const t = useStrings(strings);
  return (
    <Layout project={project} current="videos">
      <ScreenHeader title={t.videos} />
      <Card>
        <p class="muted">{t.comingSoon}</p>
      </Card>
    </Layout>
  );
}
