import type { ProjectScreenProps } from '../../app/routes';
import { Layout, ScreenHeader } from '../../components/Layout';
import { useStrings } from '../../i18n/strings';
import { JourneyPage } from './JourneyPage';
import { JourneySearch } from './JourneySearch';
import { strings } from './strings';

/**
 * `/p/:projectId/journeys?email=`: the journeys of an e-mail address; `/p/:projectId/journeys/<id>`:
 * one journey's path. For admins and owners (the route asks for the admin role; the server checks
 * it again on every request).
 */
export default function JourneysScreen({ project, params, query }: ProjectScreenProps) {
  const t = useStrings(strings);
  const journeyId = (params['*'] ?? '').split('/')[0] ?? '';
  return (
    <Layout project={project} current="journeys">
      <ScreenHeader title={t.title} />
      {journeyId === '' ? <JourneySearch project={project} email={query.get('email') ?? ''} /> : <JourneyPage key={journeyId} project={project} journeyId={journeyId} />}
    </Layout>
  );
}
