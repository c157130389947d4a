import { useState } from 'preact/hooks';
import { DEFAULT_SLOT_PROPERTY, MAX_SLOT_PROPERTY_LENGTH } from '../../../../../shared/segment/slotProperty';
import type { SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { Card } from '../../../components/Card';
import { ErrorNotice, Loading } from '../../../components/Status';
import { fill, useStrings } from '../../../i18n/strings';
import { href, navigate } from '../../../router/router';
import { Field, FormMessage, TextField } from '../Field';
import { formErrorOf, formLevelMessage, type FormError } from '../formErrors';
import { Outcome } from '../RowActions';
import { strings as adminStrings } from '../strings';
import type { AdminProject } from '../types';
import { useAdminData } from '../useAdminData';
import { strings } from './strings';

const FIELDS = ['name', 'currency', 'conversionWindowDays', 'retentionDays', 'allowedOrigins', 'queryAllowlist', 'formAllowlist', 'serverConversionsOnly', 'holdoutPercent', 'segmentSlotProperty'];

/** The settings PATCH /v1/admin/project takes (the time zone shown, never editable), and deletion for owners. */
export function SettingsAdmin({ project }: { project: SessionProject }) {
  const current = useAdminData<AdminProject>(project, '/v1/admin/project');
  return (
    <div class="admin-stack">
      {current.error && <ErrorNotice error={current.error} onRetry={() => void current.reload()} />}
      {current.data ? <SettingsForm project={project} settings={current.data} /> : !current.error && <Loading />}
      {project.role === 'owner' && <DeleteProject project={project} />}
    </div>
  );
}

const lines = (list: readonly string[]) => list.join('\n');
/** A number the server can judge; text that is not one is sent as is, so its answer names the field. */
const asNumber = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
/** Bounds the server enforces (api/admin/project.ts), shown in the hint. */
const RETENTION_BOUNDS = { min: 31, max: 3650 };
/** The local day an instant starts, in the project's zone (YYYY-MM-DD). */
const localDay = (instant: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(instant));
const parseLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

function SettingsForm({ project, settings }: { project: SessionProject; settings: AdminProject }) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const { api, refreshSession } = useApp();
  const [name, setName] = useState(settings.name);
  const [currency, setCurrency] = useState(settings.currency);
  const [windowDays, setWindowDays] = useState(String(settings.conversionWindowDays));
  const [retentionDays, setRetentionDays] = useState(String(settings.retentionDays));
  const [origins, setOrigins] = useState(lines(settings.allowedOrigins));
  const [query, setQuery] = useState(lines(settings.queryAllowlist));
  const [formFields, setFormFields] = useState(lines(settings.formAllowlist));
  const [serverOnly, setServerOnly] = useState(settings.serverConversionsOnly);
  const [holdout, setHoldout] = useState(String(settings.holdoutPercent));
  const [slotProperty, setSlotProperty] = useState(settings.segmentSlotProperty ?? '');
  const [error, setError] = useState<FormError>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = 'settings-form';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const next = await api.send<AdminProject>(
        'PATCH',
        '/v1/admin/project',
        {
          name,
          currency: currency.trim(),
          // A number the server can judge; text that is not one is sent as is, so its answer names the field.
          conversionWindowDays: asNumber(windowDays),
          retentionDays: asNumber(retentionDays),
          allowedOrigins: parseLines(origins),
          queryAllowlist: parseLines(query),
          formAllowlist: parseLines(formFields),
          serverConversionsOnly: serverOnly,
          holdoutPercent: asNumber(holdout),
          // Empty means the default; the server names anything else it refuses.
          segmentSlotProperty: slotProperty.trim() === '' ? null : slotProperty.trim(),
        },
        { project: project.id },
      );
      setOrigins(lines(next.allowedOrigins));
      setQuery(lines(next.queryAllowlist));
      setFormFields(lines(next.formAllowlist));
      setCurrency(next.currency);
      setSlotProperty(next.segmentSlotProperty ?? '');
      setSaved(true);
      // The name and currency appear in the navigation and on other screens.
      if (next.name !== project.name || next.currency !== project.currency) await refreshSession();
    } catch (e) {
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t.title}>
      <form id={form} class="grid-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField form={form} name="name" label={t.name} value={name} onInput={setName} error={error} required maxLength={200} />
        <TextField form={form} name="timezone" label={t.timezone} value={settings.timezone} onInput={() => undefined} readOnly hint={t.timezoneHint} />
        <TextField form={form} name="currency" label={t.currency} value={currency} onInput={setCurrency} error={error} hint={t.currencyHint} maxLength={3} />
        <TextField
          form={form}
          name="conversionWindowDays"
          label={t.conversionWindowDays}
          value={windowDays}
          onInput={setWindowDays}
          error={error}
          type="number"
          hint={t.conversionWindowHint}
        />
        <TextField form={form} name="allowedOrigins" label={t.allowedOrigins} value={origins} onInput={setOrigins} error={error} rows={3} hint={t.allowedOriginsHint} placeholder="https://shop.example" />
        <TextField form={form} name="queryAllowlist" label={t.queryAllowlist} value={query} onInput={setQuery} error={error} rows={3} hint={t.queryAllowlistHint} />
        <TextField form={form} name="formAllowlist" label={t.formAllowlist} value={formFields} onInput={setFormFields} error={error} rows={3} hint={t.formAllowlistHint} />
        <TextField
          form={form}
          name="retentionDays"
          label={t.retentionDays}
          value={retentionDays}
          onInput={setRetentionDays}
          error={error}
          type="number"
          hint={fill(t.retentionHint, RETENTION_BOUNDS)}
        />
        <TextField form={form} name="holdoutPercent" label={t.holdoutPercent} value={holdout} onInput={setHoldout} error={error} type="number" hint={t.holdoutHint} />
        <TextField
          form={form}
          name="segmentSlotProperty"
          label={t.segmentSlotProperty}
          value={slotProperty}
          onInput={setSlotProperty}
          error={error}
          hint={t.segmentSlotPropertyHint}
          placeholder={DEFAULT_SLOT_PROPERTY}
          maxLength={MAX_SLOT_PROPERTY_LENGTH}
        />
        {settings.rawKeptFrom !== null && <p class="span-all static-value">{fill(t.rawKeptFrom, { day: localDay(settings.rawKeptFrom, settings.timezone) })}</p>}
        <div class="span-all">
          <Field form={form} name="serverConversionsOnly" label={t.serverConversionsOnly} hint={t.serverConversionsOnlyHint} error={error}>
            {(control) => (
              <span class="switch">
                <input {...control} type="checkbox" role="switch" checked={serverOnly} onChange={(e) => setServerOnly(e.currentTarget.checked)} />
                <span class="switch-track" aria-hidden="true" />
              </span>
            )}
          </Field>
        </div>
        <div class="span-all">
          <FormMessage message={formLevelMessage(error, FIELDS)} />
          <Outcome text={saved ? t.saved : undefined} />
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={busy}>
              {busy ? a.saving : a.save}
            </button>
          </div>
        </div>
      </form>
    </Card>
  );
}

/** Owners only, with the project's name typed as confirmation; afterwards back to the projects list. */
function DeleteProject({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const { api, refreshSession } = useApp();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const form = 'delete-project';
  const confirmed = typed.trim() === project.name;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.send('DELETE', '/v1/admin/project', undefined, { project: project.id });
      await refreshSession();
      navigate(href('/'), { replace: true });
    } catch (e) {
      setError(formErrorOf(e));
      setBusy(false);
    }
  };

  return (
    <Card title={t.dangerTitle} class="danger-zone">
      <p>{t.dangerText}</p>
      <form id={form} class="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField form={form} name="confirmName" label={fill(t.confirmLabel, { name: project.name })} value={typed} onInput={setTyped} autoComplete="off" />
        <FormMessage message={error?.message} />
        <div class="form-actions">
          <button type="submit" class="button danger" disabled={!confirmed || busy}>
            {busy ? t.deleting : t.deleteProject}
          </button>
        </div>
      </form>
    </Card>
  );
}
