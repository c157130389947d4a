import { useState } from 'preact/hooks';
import type { SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { Card } from '../../../components/Card';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading } from '../../../components/Status';
import { useFormat } from '../../../i18n/format';
import { fill, useStrings } from '../../../i18n/strings';
import { Field, FormMessage, SelectField } from '../Field';
import { formErrorOf, formLevelMessage, type FormError } from '../formErrors';
import { Outcome, RowActions } from '../RowActions';
import { SecretOnce } from '../SecretOnce';
import type { AdminKey, KeyKind, RotatedKey } from '../types';
import { useAdminData } from '../useAdminData';
import { strings } from './strings';

const KINDS: readonly KeyKind[] = ['write', 'read', 'admin', 'server'];
/** The server's default grace periods, shown in the form so nothing happens unseen. */
const DEFAULT_GRACE: Record<KeyKind, number> = { write: 7, read: 0, admin: 0, server: 0 };

/** Keys by prefix and state; a new key (shown once) and revocation. */
export function KeysAdmin({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const { api } = useApp();
  const list = useAdminData<{ keys: AdminKey[] }>(project, '/v1/admin/keys');
  const [outcome, setOutcome] = useState<{ text: string; error?: boolean }>();
  const kindLabel: Record<KeyKind, string> = { write: t.write, read: t.read, admin: t.admin, server: t.server };
  const kindShort: Record<KeyKind, string> = { write: t.writeShort, read: t.readShort, admin: t.adminShort, server: t.serverShort };
  const now = Date.now();
  const state = (k: AdminKey): string => {
    if (k.revokedAt !== null) return fill(t.revoked, { time: format.dateTime(new Date(k.revokedAt)) });
    if (k.expiresAt !== null) return fill(Date.parse(k.expiresAt) <= now ? t.expired : t.expires, { time: format.dateTime(new Date(k.expiresAt)) });
    return t.active;
  };
  const live = (k: AdminKey) => k.revokedAt === null && (k.expiresAt === null || Date.parse(k.expiresAt) > now);

  const revoke = async (key: AdminKey) => {
    try {
      await api.send('DELETE', `/v1/admin/keys/${encodeURIComponent(key.prefix)}`, undefined, { project: project.id });
      setOutcome({ text: fill(t.revokedNotice, { name: key.prefix }) });
      await list.reload();
    } catch (e) {
      setOutcome({ text: formErrorOf(e).message, error: true });
    }
  };

  return (
    <div class="admin-stack">
      <Card title={t.rotateTitle}>
        <RotateForm project={project} kindLabel={kindLabel} kindShort={kindShort} onRotated={() => void list.reload()} />
      </Card>
      <Card
        title={t.listTitle}
        actions={
          // A full page load: the reference is served by the API, outside the app.
          <a class="button small" href="/docs">
            {t.apiReference}
          </a>
        }
      >
        <Outcome text={outcome?.text} error={outcome?.error} />
        {list.error && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
        {list.data ? (
          <DataTable
            caption={t.caption}
            rows={list.data.keys}
            rowKey={(k) => k.prefix}
            initialSort={{ key: 'created', descending: true }}
            columns={[
              { key: 'prefix', label: t.prefix, value: (k) => k.prefix, render: (k) => <code>{k.prefix}…</code> },
              { key: 'kind', label: t.kind, value: (k) => kindShort[k.kind] },
              { key: 'created', label: t.created, value: (k) => k.createdAt, render: (k) => format.dateTime(new Date(k.createdAt)) },
              { key: 'state', label: t.state, value: state, render: (k) => <span class={`badge ${live(k) ? (k.expiresAt === null ? 'good' : 'warn') : 'neutral'}`}>{state(k)}</span> },
              {
                key: 'actions',
                label: '',
                sortable: false,
                value: () => null,
                render: (k) =>
                  live(k) || (k.revokedAt === null && k.expiresAt !== null) ? (
                    <RowActions name={k.prefix} onDelete={() => revoke(k)} words={{ action: t.revoke, question: t.confirmRevoke, yes: t.yesRevoke }} />
                  ) : null,
              },
            ]}
          />
        ) : (
          !list.error && <Loading />
        )}
      </Card>
    </div>
  );
}

function RotateForm({
  project,
  kindLabel,
  kindShort,
  onRotated,
}: {
  project: SessionProject;
  kindLabel: Record<KeyKind, string>;
  kindShort: Record<KeyKind, string>;
  onRotated: () => void;
}) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const { api } = useApp();
  const [kind, setKind] = useState<KeyKind>('write');
  const [revokePrevious, setRevokePrevious] = useState(true);
  const [graceDays, setGraceDays] = useState(String(DEFAULT_GRACE.write));
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const [rotated, setRotated] = useState<RotatedKey>();
  const form = 'rotate-form';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const grace = graceDays.trim() === '' ? undefined : Number(graceDays);
      const body = revokePrevious ? { revokePrevious, ...(grace === undefined ? {} : { graceDays: grace }) } : { revokePrevious };
      setRotated(await api.send<RotatedKey>('POST', `/v1/admin/keys/${kind}/rotate`, body, { project: project.id }));
      onRotated();
    } catch (e) {
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (rotated) {
    return (
      <div class="form">
        <SecretOnce label={fill(t.newKey, { kind: kindShort[rotated.kind] })} value={rotated.key} onDismiss={() => setRotated(undefined)} />
        {rotated.revoked.length > 0 && <p class="hint">{fill(t.revokedNow, { prefixes: rotated.revoked.join(', ') })}</p>}
        {rotated.expiring.map((e) => (
          <p class="hint" key={e.prefix}>
            {fill(t.expiringLater, { prefix: e.prefix, time: format.dateTime(new Date(e.expiresAt)) })}
          </p>
        ))}
      </div>
    );
  }

  return (
    <form id={form} class="grid-form" onSubmit={(e) => void submit(e)} noValidate>
      <p class="hint span-all">{t.rotateHint}</p>
      <SelectField
        form={form}
        name="kind"
        label={t.kind}
        value={kind}
        error={error}
        onChange={(v) => {
          setKind(v as KeyKind);
          setGraceDays(String(DEFAULT_GRACE[v as KeyKind]));
        }}
        // Short names in the list (a long one is cut off in a narrow select, in Japanese above
        // all); what the chosen kind is for is said under it.
        hint={kindLabel[kind]}
        options={KINDS.map((k) => ({ value: k, label: kindShort[k] }))}
      />
      <Field form={form} name="graceDays" label={t.graceDays} hint={t.graceHint} error={error}>
        {(control) => (
          <input {...control} type="number" min={0} max={90} step={1} value={graceDays} disabled={!revokePrevious} onInput={(e) => setGraceDays(e.currentTarget.value)} />
        )}
      </Field>
      <label class="checkbox span-all">
        <input type="checkbox" name="revokePrevious" checked={revokePrevious} onChange={(e) => setRevokePrevious(e.currentTarget.checked)} />
        <span>{t.revokePrevious}</span>
      </label>
      <div class="span-all">
        <FormMessage message={formLevelMessage(error, ['kind', 'graceDays'])} />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.rotating : t.rotate}
          </button>
        </div>
      </div>
    </form>
  );
}
