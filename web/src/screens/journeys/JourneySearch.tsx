import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api/errors';
import type { SessionProject } from '../../api/types';
import { useApp } from '../../app/session';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { Link } from '../../router/Link';
import { href, setQuery } from '../../router/router';
import { TextField } from '../admin/Field';
import { formErrorOf, type FormError } from '../admin/formErrors';
import { strings } from './strings';
import type { JourneySummary } from './types';

/** The search form and, for the address in the URL, its journeys with a way to delete them all. */
export function JourneySearch({ project, email }: { project: SessionProject; email: string }) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const { api } = useApp();
  const [typed, setTyped] = useState(email);
  const [journeys, setJourneys] = useState<JourneySummary[]>();
  const [error, setError] = useState<FormError>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string>();

  const load = async () => {
    if (email === '') return;
    setJourneys(undefined);
    try {
      const { body } = await api.get<{ journeys: JourneySummary[] }>('/v1/journeys', { project: project.id, query: { email } });
      setJourneys(body.journeys);
      setLoadError(undefined);
    } catch (e) {
      // A refused address is shown at the field; anything else above the list, with a retry.
      const refused = formErrorOf(e);
      if (refused.field === 'email') setError(refused);
      else setLoadError(e as ApiError);
    }
  };
  useEffect(() => {
    setError(undefined);
    setLoadError(undefined);
    void load();
  }, [email, project.id]);

  const remove = async () => {
    setConfirming(false);
    try {
      const { deleted } = await api.send<{ deleted: number }>('DELETE', '/v1/journeys', undefined, { project: project.id, query: { email } });
      setNotice(fill(t.deleted, { count: deleted, email }));
      await load();
    } catch (e) {
      setNotice(formErrorOf(e).message);
    }
  };

  const stateLabel = { pending: t.pending, ready: t.ready, partial: t.partial, failed: t.failed };
  return (
    <div class="admin-stack">
      <Card>
        <p class="muted">{t.intro}</p>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setNotice(undefined);
            setQuery({ email: typed.trim() === '' ? undefined : typed.trim() });
          }}
        >
          <TextField form="journey-search" name="email" label={t.email} type="email" value={typed} onInput={setTyped} error={error} required autoComplete="off" />
          <button type="submit" class="button primary">
            {t.search}
          </button>
        </form>
      </Card>
      {email !== '' && error === undefined && (
        <Card
          title={fill(t.listTitle, { email })}
          actions={
            journeys !== undefined && journeys.length > 0 && !confirming ? (
              <button type="button" class="button danger small" onClick={() => setConfirming(true)}>
                {t.deleteAll}
              </button>
            ) : undefined
          }
        >
          {notice !== undefined && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
          {confirming && (
            <div class="notice error" role="alertdialog" aria-label={t.deleteAll}>
              <span>{fill(t.confirmDeleteAll, { email })}</span>
              <button type="button" class="button danger small" onClick={() => void remove()}>
                {t.yesDelete}
              </button>
              <button type="button" class="button small" onClick={() => setConfirming(false)}>
                {t.cancel}
              </button>
            </div>
          )}
          {loadError && <ErrorNotice error={loadError} onRetry={() => void load()} />}
          {journeys === undefined ? (
            <Loading />
          ) : (
            <DataTable
              caption={t.caption}
              rows={journeys}
              rowKey={(j) => j.id}
              empty={t.none}
              columns={[
                {
                  key: 'createdAt',
                  label: t.promotedAt,
                  value: (j) => j.createdAt,
                  render: (j) => <Link href={href(`/p/${encodeURIComponent(project.id)}/journeys/${encodeURIComponent(j.id)}`)}>{format.dateTime(new Date(j.createdAt))}</Link>,
                },
                { key: 'formId', label: t.form, value: (j) => j.formId ?? '–' },
                { key: 'state', label: t.state, value: (j) => stateLabel[j.state] },
                { key: 'eventCount', label: t.events, value: (j) => j.eventCount, align: 'end' },
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}
