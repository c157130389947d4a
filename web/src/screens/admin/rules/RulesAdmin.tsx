import { useState } from 'preact/hooks';
import type { SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { Card } from '../../../components/Card';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading } from '../../../components/Status';
import { fill, useStrings } from '../../../i18n/strings';
import { FormMessage, SelectField, TextField } from '../Field';
import { formErrorOf, formLevelMessage, type FormError } from '../formErrors';
import { Outcome } from '../RowActions';
import { strings as adminStrings } from '../strings';
import type { AdminRule, ClickTarget, RuleKind } from '../types';
import { useAdminData } from '../useAdminData';
import { useCatalogEditor } from '../useCatalogEditor';
import { RuleTester } from './RuleTester';
import { strings } from './strings';

const FIELDS = ['name', 'kind', 'pattern', 'outcome', 'target'];

/** Conversion rules (URL and event rules), with a box that tests an address against them as the rollups would. */
export function RulesAdmin({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const list = useAdminData<{ rules: AdminRule[] }>(project, '/v1/admin/conversion-rules');
  const { editing, outcome, done, formCard, actionsColumn } = useCatalogEditor<AdminRule>(project, {
    path: (r) => `/conversion-rules/${encodeURIComponent(r.id)}`,
    nameOf: (r) => r.name,
    reload: list.reload,
  });
  const kindLabel: Record<RuleKind, string> = { exact: t.exact, prefix: t.prefix, pattern: t.patternKind, form: t.form, custom: t.custom, click: t.click };


  return (
    <div class="admin-stack">
      <div class="admin-columns">
        <div ref={formCard}>
          <Card title={editing ? fill(a.editing, { name: editing.name }) : t.newRule}>
            <RuleForm
              key={editing?.id ?? '(new)'}
              project={project}
              rule={editing}
              onDone={done}
            />
          </Card>
        </div>
        <Card title={t.testTitle}>
          <RuleTester project={project} />
        </Card>
      </div>
      <Card title={t.listTitle}>
        <Outcome text={outcome?.text} error={outcome?.error} />
        {list.error && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
        {list.data ? (
          <DataTable
            caption={t.caption}
            rows={list.data.rules}
            rowKey={(r) => r.id}
            empty={t.empty}
            columns={[
              { key: 'name', label: t.name, value: (r) => r.name },
              { key: 'kind', label: t.kind, value: (r) => kindLabel[r.kind] },
              { key: 'pattern', label: t.pattern, value: (r) => r.pattern, render: (r) => <code class="break">{r.pattern}</code> },
              {
                key: 'state',
                label: t.state,
                value: (r) => r.ignored ?? '',
                render: (r) =>
                  r.ignored === null ? <span class="badge good">{t.counts}</span> : <span class="badge warn">{fill(t.ignored, { reason: r.ignored })}</span>,
              },
              actionsColumn,
            ]}
          />
        ) : (
          !list.error && <Loading />
        )}
      </Card>
    </div>
  );
}

function RuleForm({ project, rule, onDone }: { project: SessionProject; rule: AdminRule | undefined; onDone: (saved: AdminRule | undefined, created: boolean) => Promise<void> }) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const { api } = useApp();
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? 'exact');
  const [pattern, setPattern] = useState(rule?.pattern ?? '');
  const [outcome, setOutcome] = useState(rule?.outcome ?? '');
  const [target, setTarget] = useState<ClickTarget | ''>(rule?.target ?? '');
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const form = 'rule-form';
  const hints: Record<RuleKind, string> = {
    exact: t.exactHint,
    prefix: t.prefixHint,
    pattern: t.patternHint,
    form: t.formHint,
    custom: t.customHint,
    click: t.clickHint,
  };
  const isUrlRule = kind === 'exact' || kind === 'prefix' || kind === 'pattern';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // The qualifiers belong to one kind each; the API refuses them on any other.
      const body = { name, kind, pattern, outcome: kind === 'form' && outcome.trim() !== '' ? outcome : null, target: kind === 'click' && target !== '' ? target : null };
      const saved = rule
        ? await api.send<AdminRule>('PATCH', `/v1/admin/conversion-rules/${encodeURIComponent(rule.id)}`, body, { project: project.id })
        : await api.send<AdminRule>('POST', '/v1/admin/conversion-rules', body, { project: project.id });
      await onDone(saved, !rule);
      if (!rule) {
        setName('');
        setPattern('');
      }
    } catch (e) {
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id={form} class="form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField form={form} name="name" label={t.name} value={name} onInput={setName} error={error} required maxLength={200} />
      <SelectField
        form={form}
        name="kind"
        label={t.kind}
        value={kind}
        onChange={(v) => setKind(v as RuleKind)}
        error={error}
        options={[
          { value: 'exact', label: t.exact },
          { value: 'prefix', label: t.prefix },
          { value: 'pattern', label: t.patternKind },
          { value: 'form', label: t.form },
          { value: 'custom', label: t.custom },
          { value: 'click', label: t.click },
        ]}
      />
      <TextField form={form} name="pattern" label={t.pattern} value={pattern} onInput={setPattern} error={error} required hint={hints[kind]} placeholder={isUrlRule ? 'https://' : undefined} />
      {kind === 'form' && <TextField form={form} name="outcome" label={t.outcome} value={outcome} onInput={setOutcome} error={error} hint={t.outcomeHint} maxLength={256} />}
      {kind === 'click' && (
        <SelectField
          form={form}
          name="target"
          label={t.target}
          value={target}
          onChange={(v) => setTarget(v as ClickTarget | '')}
          error={error}
          options={[
            { value: '', label: t.anyTarget },
            { value: 'cta', label: 'cta' },
            { value: 'detail', label: 'detail' },
            { value: 'choice', label: 'choice' },
          ]}
        />
      )}
      <FormMessage message={formLevelMessage(error, FIELDS)} />
      <div class="form-actions">
        {rule && (
          <button type="button" class="button" onClick={() => void onDone(undefined, false)}>
            {a.cancel}
          </button>
        )}
        <button type="submit" class="button primary" disabled={busy}>
          {rule ? (busy ? a.saving : a.save) : busy ? a.creating : a.create}
        </button>
      </div>
    </form>
  );
}
