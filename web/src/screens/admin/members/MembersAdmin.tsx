import { useState } from 'preact/hooks';
import type { Role, SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { Card } from '../../../components/Card';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading } from '../../../components/Status';
import { useFormat } from '../../../i18n/format';
import { fill, useStrings } from '../../../i18n/strings';
import { FormMessage, SelectField, TextField } from '../Field';
import { formErrorOf, formLevelMessage, type FormError } from '../formErrors';
import { Outcome, RowActions } from '../RowActions';
import { SecretOnce } from '../SecretOnce';
import type { AddedMember, Member } from '../types';
import { useAdminData } from '../useAdminData';
import { strings } from './strings';

const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];

/** Who may use the project and as what; owners only (the server refuses everyone else). */
export function MembersAdmin({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const { api, session, refreshSession } = useApp();
  const list = useAdminData<{ members: Member[] }>(project, '/v1/admin/members');
  const [outcome, setOutcome] = useState<{ text: string; error?: boolean }>();
  const roleLabel: Record<Role, string> = { owner: t.owner, admin: t.admin, member: t.member, viewer: t.viewer };
  const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel[r] }));

  /** My own role or membership changed: the navigation and what I may open change with it. */
  const afterChange = async (userId: string) => {
    await list.reload();
    if (userId === session.user.id) await refreshSession();
  };

  const changeRole = async (m: Member, role: Role) => {
    try {
      await api.send('PATCH', `/v1/admin/members/${encodeURIComponent(m.userId)}`, { role }, { project: project.id });
      setOutcome({ text: fill(t.roleChanged, { email: m.email, role: roleLabel[role] }) });
    } catch (e) {
      setOutcome({ text: formErrorOf(e).message, error: true });
    }
    await afterChange(m.userId);
  };

  const remove = async (m: Member) => {
    try {
      await api.send('DELETE', `/v1/admin/members/${encodeURIComponent(m.userId)}`, undefined, { project: project.id });
      setOutcome({ text: fill(t.removed, { name: m.email }) });
    } catch (e) {
      setOutcome({ text: formErrorOf(e).message, error: true });
    }
    await afterChange(m.userId);
  };

  return (
    <div class="admin-stack">
      <Card title={t.addTitle}>
        <AddMember project={project} roleOptions={roleOptions} onAdded={() => void list.reload()} />
      </Card>
      <Card title={t.listTitle}>
        <Outcome text={outcome?.text} error={outcome?.error} />
        {list.error && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
        {list.data ? (
          <DataTable
            caption={t.caption}
            rows={list.data.members}
            rowKey={(m) => m.userId}
            columns={[
              {
                key: 'email',
                label: t.email,
                value: (m) => m.email,
                render: (m) => (
                  <span class="break">
                    {m.email}
                    {m.userId === session.user.id && <span class="muted"> ({t.you})</span>}
                  </span>
                ),
              },
              {
                key: 'role',
                label: t.role,
                value: (m) => ROLES.indexOf(m.role),
                render: (m) => (
                  <select aria-label={fill(t.roleOf, { email: m.email })} value={m.role} onChange={(e) => void changeRole(m, e.currentTarget.value as Role)}>
                    {roleOptions.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ),
              },
              { key: 'since', label: t.since, value: (m) => m.createdAt, render: (m) => format.dateTime(new Date(m.createdAt)) },
              {
                key: 'actions',
                label: '',
                sortable: false,
                value: () => null,
                render: (m) => <RowActions name={m.email} onDelete={() => remove(m)} words={{ action: t.remove, question: t.confirmRemove, yes: t.yesRemove }} />,
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

function AddMember({ project, roleOptions, onAdded }: { project: SessionProject; roleOptions: { value: Role; label: string }[]; onAdded: () => void }) {
  const t = useStrings(strings);
  const { api } = useApp();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<AddedMember>();
  const form = 'member-form';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    try {
      setAdded(await api.send<AddedMember>('POST', '/v1/admin/members', { email: email.trim(), role }, { project: project.id }));
      setEmail('');
      onAdded();
    } catch (e) {
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="form">
      {added?.initialPassword !== undefined ? (
        <>
          <SecretOnce label={fill(t.initialPassword, { email: added.email })} value={added.initialPassword} onDismiss={() => setAdded(undefined)} />
          <p class="hint">{t.initialPasswordHint}</p>
        </>
      ) : (
        added && <Outcome text={fill(t.added, { email: added.email })} />
      )}
      <form id={form} class="grid-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField form={form} name="email" label={t.email} value={email} onInput={setEmail} error={error} type="email" required autoComplete="off" maxLength={254} />
        <SelectField form={form} name="role" label={t.role} value={role} onChange={(v) => setRole(v as Role)} error={error} options={roleOptions} />
        <p class="hint span-all">{t.rolesHint}</p>
        <div class="span-all">
          <FormMessage message={formLevelMessage(error, ['email', 'role'])} />
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={busy}>
              {busy ? t.adding : t.add}
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}
