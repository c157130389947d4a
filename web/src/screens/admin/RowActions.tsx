import { useState } from 'preact/hooks';
import { fill, useStrings } from '../../i18n/strings';
import { strings } from './strings';

/**
 * Edit and delete buttons of a table row; delete asks once more in place (no modal to trap focus
 * in), naming what goes.
 */
export function RowActions({
  name,
  onEdit,
  onDelete,
  words,
}: {
  name: string;
  onEdit?: () => void;
  onDelete?: () => Promise<void>;
  /** Other words for deleting (revoking a key, removing a member): the button, the question, the yes. */
  words?: { action: string; question: string; yes: string };
}) {
  const t = useStrings(strings);
  const action = words?.action ?? t.delete;
  const question = fill(words?.question ?? t.confirmDelete, { name });
  const yes = words?.yes ?? t.yesDelete;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  if (confirming && onDelete) {
    return (
      <div class="row-actions confirming" role="group" aria-label={question}>
        <span class="confirm-text">{question}</span>
        <button
          type="button"
          class="button small danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onDelete().finally(() => {
              setBusy(false);
              setConfirming(false);
            });
          }}
        >
          {yes}
        </button>
        <button type="button" class="button small" onClick={() => setConfirming(false)}>
          {t.cancel}
        </button>
      </div>
    );
  }
  return (
    <div class="row-actions">
      {onEdit && (
        <button type="button" class="button small" onClick={onEdit} aria-label={`${t.edit} ${name}`}>
          {t.edit}
        </button>
      )}
      {onDelete && (
        <button type="button" class="button small danger" onClick={() => setConfirming(true)} aria-label={`${action} ${name}`}>
          {action}
        </button>
      )}
    </div>
  );
}

/** A short-lived outcome line (saved, deleted), announced politely. */
export function Outcome({ text, error }: { text: string | undefined; error?: boolean }) {
  if (text === undefined) return null;
  return (
    <p class={`notice ${error === true ? 'error' : 'success'}`} role={error === true ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
