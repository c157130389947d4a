import { useRef, useState } from 'preact/hooks';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';

/**
 * A secret the server shows only in this answer (a new key, a new user's first password), with
 * a copy button. The value sits in a read-only field, so it can also be selected by hand.
 */
export function SecretOnce({ label, value, onDismiss }: { label: string; value: string; onDismiss: () => void }) {
  const t = useStrings(strings);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard here (a plain-http origin other than localhost): select it for the system copy.
      input.current?.focus();
      input.current?.select();
    }
  };
  return (
    <div class="secret-once" role="status">
      <p class="secret-once-title">{label}</p>
      <p class="hint">{t.shownOnce}</p>
      <div class="secret-once-row">
        <input ref={input} class="secret-value" type="text" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button primary small" onClick={() => void copy()}>
          {copied ? t.copied : t.copy}
        </button>
      </div>
      <div class="form-actions">
        <button type="button" class="button small" onClick={onDismiss}>
          {t.dismiss}
        </button>
      </div>
    </div>
  );
}
