import { useState } from 'preact/hooks';
import type { SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { fill, useStrings } from '../../../i18n/strings';
import { FormMessage, TextField } from '../Field';
import { formErrorOf, formLevelMessage, type FormError } from '../formErrors';
import type { RuleTestResult } from '../types';
import { strings } from './strings';

/**
 * "Test this URL": the server answers with the rollups' own matcher, so what is shown here is
 * what the figures will count. Every rule is listed with its verdict; ignored rules never match.
 */
export function RuleTester({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const { api } = useApp();
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<RuleTestResult>();
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const form = 'rule-test';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.send<RuleTestResult>('POST', '/v1/admin/conversion-rules/test', { url: url.trim() }, { project: project.id }));
    } catch (e) {
      setResult(undefined);
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="rule-tester">
      <p class="hint">{t.testHint}</p>
      <form id={form} class="inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField form={form} name="url" label={t.testUrl} value={url} onInput={setUrl} error={error} type="url" placeholder="https://shop.example/thanks" required />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t.testing : t.test}
        </button>
      </form>
      <FormMessage message={formLevelMessage(error, ['url'])} />
      {result && <TestResult result={result} />}
    </div>
  );
}

function TestResult({ result }: { result: RuleTestResult }) {
  const t = useStrings(strings);
  return (
    <div class="rule-test-result" role="status">
      <dl class="facts">
        <dt>{t.storedAs}</dt>
        <dd>
          <code class="break">{result.url}</code>
        </dd>
        <dt>{t.pageKey}</dt>
        <dd>
          <code class="break">{result.pageKey}</code>
        </dd>
      </dl>
      <p class="rule-test-summary">
        {result.serverConversionsOnly
          ? t.serverOnly
          : result.conversions.length === 0
            ? t.noConversions
            : fill(t.conversions, { names: result.conversions.map((c) => c.name).join(', ') })}
      </p>
      {result.conversions.length > 0 && <p class="hint">{fill(t.window, { days: result.conversionWindowDays })}</p>}
      {result.rules.length === 0 ? (
        <p class="muted">{t.noRules}</p>
      ) : (
        <ul class="verdicts">
          {result.rules.map((r) => (
            <li key={r.id} class={`verdict ${r.matches ? 'match' : r.ignored !== null ? 'ignored' : 'miss'}`}>
              <span class={`badge ${r.matches ? 'good' : r.ignored !== null ? 'warn' : 'neutral'}`}>{r.matches ? t.matches : r.ignored !== null ? t.ignoredShort : t.noMatch}</span>
              <span class="verdict-name">{r.name}</span>
              <code class="verdict-pattern break">{r.pattern}</code>
              {r.ignored !== null && <span class="hint">{r.ignored}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
