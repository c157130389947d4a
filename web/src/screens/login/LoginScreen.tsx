import { useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import type { LoginResult } from '../../api/types';
import type { ScreenProps } from '../../app/routes';
import { useLogin } from '../../app/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { fill, useStrings } from '../../i18n/strings';
import { strings } from './strings';

export default function LoginScreen(_props: ScreenProps) {
  const t = useStrings(strings);
  const { api, onLoggedIn } = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.send<LoginResult>('POST', '/v1/auth/login', { email, password });
      api.setCsrfToken(result.csrfToken);
      onLoggedIn();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_credentials') setError(t.invalidCredentials);
      else if (e instanceof ApiError && e.code === 'too_many_attempts') setError(fill(t.tooManyAttempts, { seconds: e.retryAfter ?? 60 }));
      else setError(fill(t.failed, { message: e instanceof Error ? e.message : String(e) }));
      setBusy(false);
    }
  };

  return (
    <div class="login-page">
      <div class="login-lang">
        <LanguageSwitch />
      </div>
      <main class="login-card" id="main">
        <div class="brand login-brand">
          <span class="brand-mark" aria-hidden="true" />
          Cuepoint
        </div>
        <h1>{t.title}</h1>
        <p class="muted">{t.subtitle}</p>
        <form onSubmit={(e) => void onSubmit(e)} class="form" noValidate={false}>
          <label class="field">
            <span>{t.email}</span>
            <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t.password}</span>
            <input
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {error !== undefined && (
            <p class="notice error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="button primary wide" disabled={busy}>
            {busy ? t.submitting : t.submit}
          </button>
        </form>
      </main>
    </div>
  );
}
