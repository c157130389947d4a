import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import type { CreatedProject } from '../../api/types';
import { useApp } from '../../app/session';
import { Card } from '../../components/Card';
import { fill, useStrings } from '../../i18n/strings';
import { strings } from './strings';

const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP', 'CNY', 'KRW', 'AUD', 'CAD', 'CHF', 'SEK', 'SGD', 'HKD', 'TWD', 'INR', 'BRL'];

/** The form for POST /v1/projects; afterwards the keys, shown once. */
export function NewProject({ onClose }: { onClose: () => void }) {
  const t = useStrings(strings);
  const { api, refreshSession } = useApp();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [currency, setCurrency] = useState('USD');
  const [origins, setOrigins] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [created, setCreated] = useState<CreatedProject | undefined>();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const allowedOrigins = origins
        .split(/\s+/)
        .map((o) => o.trim())
        .filter(Boolean);
      const result = await api.send<CreatedProject>('POST', '/v1/projects', { name, timezone, currency, allowedOrigins });
      setCreated(result);
      await refreshSession();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client_error', String(e)));
    } finally {
      setBusy(false);
    }
  };

  if (created) return <CreatedKeys created={created} name={name} onClose={onClose} />;

  return (
    <Card title={t.newProject} class="new-project">
      <form class="form grid-form" onSubmit={(e) => void onSubmit(e)}>
        <label class="field">
          <span>{t.name}</span>
          <input required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} aria-invalid={error?.field === 'name'} />
        </label>
        <label class="field">
          <span>{t.timezone}</span>
          <select value={timezone} onChange={(e) => setTimezone(e.currentTarget.value)} aria-describedby="tz-hint">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <small id="tz-hint" class="hint">
            {t.timezoneHint}
          </small>
        </label>
        <label class="field">
          <span>{t.currency}</span>
          <select value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label class="field span-all">
          <span>{t.origins}</span>
          <textarea rows={3} value={origins} onInput={(e) => setOrigins(e.currentTarget.value)} aria-describedby="origins-hint" />
          <small id="origins-hint" class="hint">
            {t.originsHint}
          </small>
        </label>
        {error && (
          <p class="notice error span-all" role="alert">
            {error.message}
          </p>
        )}
        <div class="form-actions span-all">
          <button type="button" class="button" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </div>
      </form>
    </Card>
  );
}

function CreatedKeys({ created, name, onClose }: { created: CreatedProject; name: string; onClose: () => void }) {
  const t = useStrings(strings);
  const rows: [string, string][] = [
    [t.projectId, created.projectId],
    [t.writeKey, created.writeKey],
    [t.readKey, created.readKey],
    [t.adminKey, created.adminKey],
    [t.serverKey, created.serverKey],
  ];
  return (
    <Card title={fill(t.created, { name })} class="created-keys">
      <p class="notice warning" role="status">
        {t.keysOnce}
      </p>
      <dl class="key-list">
        {rows
          .filter(([, value]) => typeof value === 'string')
          .map(([label, value]) => (
            <div key={label} class="key-row">
              <dt>{label}</dt>
              <dd>
                <code>{value}</code>
                <CopyButton text={value} />
              </dd>
            </div>
          ))}
      </dl>
      <div class="form-actions">
        <button type="button" class="button primary" onClick={onClose}>
          {t.done}
        </button>
      </div>
    </Card>
  );
}

function CopyButton({ text }: { text: string }) {
  const t = useStrings(strings);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (insecure context): the key stays selectable.
    }
  };
  return (
    <button type="button" class="button small" onClick={() => void copy()}>
      {copied ? t.copied : t.copy}
    </button>
  );
}
