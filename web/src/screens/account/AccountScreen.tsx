import { useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import type { ScreenProps } from '../../app/routes';
import { useApp } from '../../app/session';
import { Card } from '../../components/Card';
import { Layout, ScreenHeader } from '../../components/Layout';
import { fill, useStrings } from '../../i18n/strings';
import { strings } from './strings';

const MIN_PASSWORD = 10;

export default function AccountScreen(_props: ScreenProps) {
  const t = useStrings(strings);
  const { api, session } = useApp();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (next.length < MIN_PASSWORD) return setMessage({ ok: false, text: t.tooShort });
    if (next !== confirm) return setMessage({ ok: false, text: t.mismatch });
    setBusy(true);
    setMessage(undefined);
    try {
      await api.send('POST', '/v1/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setMessage({ ok: true, text: t.saved });
    } catch (e) {
      const wrong = e instanceof ApiError && (e.code === 'invalid_credentials' || e.field === 'currentPassword');
      setMessage({ ok: false, text: wrong ? t.wrongPassword : e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout current="account">
      <ScreenHeader title={t.title} />
      <Card title={t.changePassword} class="narrow">
        <p class="muted">{fill(t.signedInAs, { email: session.user.email })}</p>
        <form class="form" onSubmit={(e) => void onSubmit(e)}>
          <input type="email" autocomplete="username" value={session.user.email} hidden readOnly />
          <label class="field">
            <span>{t.currentPassword}</span>
            <input type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t.newPassword}</span>
            <input
              type="password"
              autocomplete="new-password"
              required
              minLength={MIN_PASSWORD}
              maxLength={256}
              value={next}
              onInput={(e) => setNext(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{t.confirmPassword}</span>
            <input type="password" autocomplete="new-password" required value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
          </label>
          <p class="hint">{t.hint}</p>
          {message && (
            <p class={`notice ${message.ok ? 'success' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </p>
          )}
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.saving : t.save}
          </button>
        </form>
      </Card>
    </Layout>
  );
}
