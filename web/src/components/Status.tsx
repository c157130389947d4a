import type { ApiError } from '../api/errors';
import { useFormat } from '../i18n/format';
import { fill, useStrings } from '../i18n/strings';
import { strings } from './strings';

export function Loading() {
  const t = useStrings(strings);
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {t.loading}
    </div>
  );
}

/** The server's message (it names the field and the reason), with a retry. */
export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useStrings(strings);
  return (
    <div class="notice error" role="alert">
      <span>{error.message}</span>
      {onRetry && (
        <button type="button" class="button small" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

/**
 * When the figures were last rolled up (when the answer says so), else when they were last
 * confirmed by the server; in the project's time zone.
 */
export function FreshnessLine({ timeZone, rolledUpAt, checkedAt }: { timeZone: string; rolledUpAt?: string | null; checkedAt?: number }) {
  const t = useStrings(strings);
  const format = useFormat(timeZone);
  if (rolledUpAt) return <p class="freshness">{fill(t.rolledUpAt, { time: format.dateTime(new Date(rolledUpAt)) })}</p>;
  if (checkedAt === undefined) return null;
  return <p class="freshness">{fill(t.checkedAt, { time: format.time(checkedAt) })}</p>;
}
