import { useRef, useState } from 'preact/hooks';
import type { SessionProject } from '../../api/types';
import { useApp } from '../../app/session';
import type { Column } from '../../components/DataTable';
import { fill, useStrings } from '../../i18n/strings';
import { formErrorOf } from './formErrors';
import { RowActions } from './RowActions';
import { strings as adminStrings } from './strings';

export interface CatalogItem<T> {
  /** The item's route under /v1/admin (`/videos/intro`), for DELETE. */
  path: (item: T) => string;
  /** What names the item in notices and in the form's title. */
  nameOf: (item: T) => string;
  /** Reads the list again after a change. */
  reload: () => Promise<void>;
}

export interface CatalogEditor<T> {
  /** The item in the form; undefined while the form makes a new one. */
  editing: T | undefined;
  /** Puts an item in the form and scrolls the form into view. */
  edit: (item: T) => void;
  /** The notice above the list: what was saved or deleted, or why not. */
  outcome: { text: string; error?: boolean } | undefined;
  /** The form's end: saved (created or changed) or cancelled (undefined). */
  done: (saved: T | undefined, created: boolean) => Promise<void>;
  remove: (item: T) => Promise<void>;
  /** Attach to the element holding the form. */
  formCard: { current: HTMLDivElement | null };
  /** The list's last column: edit and delete of the row's item. */
  actionsColumn: Column<T>;
}

/**
 * The shared behaviour of the catalog screens (videos, slots, rules): one form that creates or
 * edits, a list with edit and delete, and a notice of what happened, with the server's reason
 * when a delete is refused (a slot still linked, say).
 */
export function useCatalogEditor<T>(project: SessionProject, item: CatalogItem<T>): CatalogEditor<T> {
  const a = useStrings(adminStrings);
  const { api } = useApp();
  const [editing, setEditing] = useState<T | undefined>();
  const [outcome, setOutcome] = useState<{ text: string; error?: boolean }>();
  const formCard = useRef<HTMLDivElement>(null);

  const remove = async (target: T) => {
    try {
      await api.send('DELETE', `/v1/admin${item.path(target)}`, undefined, { project: project.id });
      setOutcome({ text: fill(a.deletedNotice, { name: item.nameOf(target) }) });
      if (editing !== undefined && item.path(editing) === item.path(target)) setEditing(undefined);
      await item.reload();
    } catch (e) {
      setOutcome({ text: formErrorOf(e).message, error: true });
    }
  };
  const done = async (saved: T | undefined, created: boolean) => {
    setEditing(undefined);
    if (saved === undefined) return;
    setOutcome({ text: fill(created ? a.createdNotice : a.savedNotice, { name: item.nameOf(saved) }) });
    await item.reload();
  };
  const edit = (target: T) => {
    setEditing(target);
    formCard.current?.scrollIntoView({ block: 'start' });
  };
  const actionsColumn: Column<T> = {
    key: 'actions',
    label: a.actions,
    sortable: false,
    value: () => null,
    render: (row) => <RowActions name={item.nameOf(row)} onEdit={() => edit(row)} onDelete={() => remove(row)} />,
  };
  return { editing, edit, outcome, done, remove, formCard, actionsColumn };
}
