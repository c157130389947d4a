import { useState } from 'preact/hooks';
import type { SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { Card } from '../../../components/Card';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading } from '../../../components/Status';
import { fill, useStrings } from '../../../i18n/strings';
import { FormMessage, SelectField, TextField } from '../Field';
import { formErrorOf, formLevelMessage, messageFor, type FormError } from '../formErrors';
import { Outcome } from '../RowActions';
import { strings as adminStrings } from '../strings';
import type { AdminSlot, AdminVideo } from '../types';
import { useAdminData } from '../useAdminData';
import { useCatalogEditor } from '../useCatalogEditor';
import { strings } from './strings';

const FIELDS = ['slotId', 'videoId', 'ctaLabel', 'ctaUrl', 'detailLabel', 'detailUrl', 'links'];

/** Slots: the video each shows, its CTA and details buttons, and the slots it branches to. */
export function SlotsAdmin({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const slots = useAdminData<{ slots: AdminSlot[] }>(project, '/v1/admin/slots');
  const videos = useAdminData<{ videos: AdminVideo[] }>(project, '/v1/admin/videos');
  const { editing, outcome, done, formCard, actionsColumn } = useCatalogEditor<AdminSlot>(project, {
    path: (s) => `/slots/${encodeURIComponent(s.slotId)}`,
    nameOf: (s) => s.slotId,
    reload: slots.reload,
  });
  const titles = new Map((videos.data?.videos ?? []).map((v) => [v.videoId, v.title]));


  const error = slots.error ?? videos.error;
  return (
    <div class="admin-stack">
      <div ref={formCard}>
        <Card title={editing ? fill(a.editing, { name: editing.slotId }) : t.newSlot}>
          {slots.data && videos.data ? (
            <SlotForm
              key={editing?.slotId ?? '(new)'}
              project={project}
              slot={editing}
              videos={videos.data.videos}
              slots={slots.data.slots}
              onDone={done}
            />
          ) : (
            !error && <Loading />
          )}
        </Card>
      </div>
      <Card title={t.listTitle}>
        <Outcome text={outcome?.text} error={outcome?.error} />
        {error && <ErrorNotice error={error} onRetry={() => void Promise.all([slots.reload(), videos.reload()])} />}
        {slots.data && (
          <DataTable
            caption={t.caption}
            rows={slots.data.slots}
            rowKey={(s) => s.slotId}
            empty={t.empty}
            columns={[
              { key: 'slotId', label: t.slotId, value: (s) => s.slotId, render: (s) => <code>{s.slotId}</code> },
              {
                key: 'video',
                label: t.video,
                value: (s) => titles.get(s.videoId) ?? s.videoId,
                render: (s) => (
                  <span class="stacked">
                    <span>{titles.get(s.videoId) ?? s.videoId}</span>
                    <code class="muted">{s.videoId}</code>
                  </span>
                ),
              },
              { key: 'cta', label: t.cta, value: (s) => s.ctaLabel, render: (s) => <Button label={s.ctaLabel} url={s.ctaUrl} none={a.none} /> },
              { key: 'details', label: t.details, value: (s) => s.detailLabel, render: (s) => <Button label={s.detailLabel} url={s.detailUrl} none={a.none} /> },
              {
                key: 'links',
                label: t.links,
                value: (s) => s.links.join(' '),
                render: (s) =>
                  s.links.length === 0 ? (
                    a.none
                  ) : (
                    <ul class="chips">
                      {s.links.map((l) => (
                        <li key={l} class="chip">
                          {l}
                        </li>
                      ))}
                    </ul>
                  ),
              },
              actionsColumn,
            ]}
          />
        )}
      </Card>
    </div>
  );
}

/** A button of a slot as text: its label, and its URL under it. */
function Button({ label, url, none }: { label: string | null; url: string | null; none: string }) {
  if (label === null && url === null) return <>{none}</>;
  return (
    <span class="stacked">
      <span>{label ?? none}</span>
      {url !== null && <span class="muted break">{url}</span>}
    </span>
  );
}

function SlotForm({
  project,
  slot,
  videos,
  slots,
  onDone,
}: {
  project: SessionProject;
  slot: AdminSlot | undefined;
  videos: AdminVideo[];
  slots: AdminSlot[];
  onDone: (saved: AdminSlot | undefined, created: boolean) => Promise<void>;
}) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const { api } = useApp();
  const [slotId, setSlotId] = useState(slot?.slotId ?? '');
  const [videoId, setVideoId] = useState(slot?.videoId ?? '');
  const [ctaLabel, setCtaLabel] = useState(slot?.ctaLabel ?? '');
  const [ctaUrl, setCtaUrl] = useState(slot?.ctaUrl ?? '');
  const [detailLabel, setDetailLabel] = useState(slot?.detailLabel ?? '');
  const [detailUrl, setDetailUrl] = useState(slot?.detailUrl ?? '');
  const [links, setLinks] = useState<readonly string[]>(slot?.links ?? []);
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const form = 'slot-form';
  const others = slots.filter((s) => s.slotId !== slot?.slotId);
  const linksError = messageFor(error, 'links');

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const optional = (v: string) => (v.trim() === '' ? null : v.trim());
    const fields = {
      videoId,
      ctaLabel: optional(ctaLabel),
      ctaUrl: optional(ctaUrl),
      detailLabel: optional(detailLabel),
      detailUrl: optional(detailUrl),
      links: [...links],
    };
    try {
      const saved = slot
        ? await api.send<AdminSlot>('PATCH', `/v1/admin/slots/${encodeURIComponent(slot.slotId)}`, fields, { project: project.id })
        : await api.send<AdminSlot>('POST', '/v1/admin/slots', { slotId: slotId.trim(), ...fields }, { project: project.id });
      await onDone(saved, !slot);
      if (!slot) {
        setSlotId('');
        setCtaLabel('');
        setCtaUrl('');
        setDetailLabel('');
        setDetailUrl('');
        setLinks([]);
      }
    } catch (e) {
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string, on: boolean) => setLinks((current) => (on ? [...current, id] : current.filter((l) => l !== id)));

  return (
    <form id={form} class="grid-form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField form={form} name="slotId" label={t.slotId} value={slotId} onInput={setSlotId} error={error} required readOnly={slot !== undefined} hint={slot ? undefined : t.slotIdHint} maxLength={128} />
      <SelectField
        form={form}
        name="videoId"
        label={t.video}
        value={videoId}
        onChange={setVideoId}
        error={error}
        required
        hint={videos.length === 0 ? t.noVideos : undefined}
        options={[{ value: '', label: t.chooseVideo }, ...videos.map((v) => ({ value: v.videoId, label: `${v.title} (${v.videoId})` }))]}
      />
      <TextField form={form} name="ctaLabel" label={`${t.ctaLabel} (${a.optional})`} value={ctaLabel} onInput={setCtaLabel} error={error} maxLength={256} />
      <TextField form={form} name="ctaUrl" label={`${t.ctaUrl} (${a.optional})`} value={ctaUrl} onInput={setCtaUrl} error={error} type="url" placeholder="https://" />
      <TextField form={form} name="detailLabel" label={`${t.detailLabel} (${a.optional})`} value={detailLabel} onInput={setDetailLabel} error={error} maxLength={256} />
      <TextField form={form} name="detailUrl" label={`${t.detailUrl} (${a.optional})`} value={detailUrl} onInput={setDetailUrl} error={error} type="url" placeholder="https://" />
      <fieldset class="span-all checkbox-group" aria-describedby={`${form}-links-hint${linksError ? ` ${form}-links-error` : ''}`}>
        <legend>{t.links}</legend>
        <p class="hint" id={`${form}-links-hint`}>
          {t.linksHint}
        </p>
        {others.length === 0 ? (
          <p class="muted">{t.noOtherSlots}</p>
        ) : (
          <div class="checkbox-list">
            {others.map((s) => (
              <label key={s.slotId} class="checkbox">
                <input type="checkbox" name="links" value={s.slotId} checked={links.includes(s.slotId)} onChange={(e) => toggle(s.slotId, e.currentTarget.checked)} />
                <span>{s.slotId}</span>
              </label>
            ))}
          </div>
        )}
        {linksError !== undefined && (
          <p class="field-error" id={`${form}-links-error`} role="alert">
            {linksError}
          </p>
        )}
      </fieldset>
      <div class="span-all">
        <FormMessage message={formLevelMessage(error, FIELDS)} />
        <div class="form-actions">
          {slot && (
            <button type="button" class="button" onClick={() => void onDone(undefined, false)}>
              {a.cancel}
            </button>
          )}
          <button type="submit" class="button primary" disabled={busy}>
            {slot ? (busy ? a.saving : a.save) : busy ? a.creating : a.create}
          </button>
        </div>
      </div>
    </form>
  );
}
