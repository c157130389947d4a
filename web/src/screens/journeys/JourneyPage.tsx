import { useState } from 'preact/hooks';
import type { SessionProject } from '../../api/types';
import { Card } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { Link } from '../../router/Link';
import { href } from '../../router/router';
import { useAdminData } from '../admin/useAdminData';
import { stepOf } from './steps';
import { strings } from './strings';
import type { JourneyDetail } from './types';

/**
 * One journey: the visitor's path in time order, the milestones (pages, plays, clicks, forms,
 * conversions) by default and every event on request. Everything shown was sent by a page, so it
 * is rendered as text only, and addresses are not made into links.
 */
export function JourneyPage({ project, journeyId }: { project: SessionProject; journeyId: string }) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const [showAll, setShowAll] = useState(false);
  const detail = useAdminData<JourneyDetail>(project, `/v1/journeys/${encodeURIComponent(journeyId)}`);
  if (detail.error) return <ErrorNotice error={detail.error} onRetry={() => void detail.reload()} />;
  if (!detail.data) return <Loading />;
  const { journey, events } = detail.data;
  const steps = events.map((e) => stepOf(e, t));
  const shown = showAll ? steps : steps.filter((s) => s.main);
  const stateLabel = { pending: t.pending, ready: t.ready, partial: t.partial, failed: t.failed };
  const listHref = href(`/p/${encodeURIComponent(project.id)}/journeys`, { email: journey.email });
  return (
    <div class="admin-stack">
      <p>
        <Link href={listHref}>{fill(t.back, { email: journey.email })}</Link>
      </p>
      <Card title={fill(t.journeyTitle, { email: journey.email })}>
        <dl class="journey-facts">
          <dt>{t.promotedAt}</dt>
          <dd>{format.dateTime(new Date(journey.createdAt))}</dd>
          <dt>{t.form}</dt>
          <dd>{journey.formId ?? '–'}</dd>
          <dt>{t.state}</dt>
          <dd>{stateLabel[journey.state]}</dd>
          <dt>{t.events}</dt>
          <dd>{format.number(journey.eventCount)}</dd>
        </dl>
      </Card>
      <Card title={t.path}>
        <label class="checkbox">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
          {t.showAll}
        </label>
        {steps.length === 0 && <p class="muted">{t.noEvents}</p>}
        {!showAll && shown.length < steps.length && <p class="muted">{fill(t.hidden, { count: steps.length - shown.length })}</p>}
        <ol class="journey-path">
          {shown.map((step) => (
            <li key={step.id} class={`journey-step journey-${step.kind}`}>
              <time dateTime={step.at}>{format.dateTime(new Date(step.at))}</time>
              <span class="journey-what">{step.what}</span>
              {step.details.map((detailText, i) => (
                <span key={i} class="journey-detail break">
                  {detailText}
                </span>
              ))}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
