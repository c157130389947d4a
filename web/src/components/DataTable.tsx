import type { ComponentChildren } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import { useStrings } from '../i18n/strings';
import { downloadCsv, toCsv } from './csv';
import { ExportAllowed } from './exportAllowed';
import { strings } from './strings';

export interface Column<R> {
  key: string;
  label: string;
  /** The raw value: what sorting compares and the CSV holds. */
  value: (row: R) => string | number | null;
  /** What the cell shows (text or elements, never markup strings); default: the value as text. */
  render?: (row: R) => ComponentChildren;
  align?: 'start' | 'end';
  /** Default true. */
  sortable?: boolean;
}

export interface DataTableProps<R> {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  caption: string;
  /** Without extension; `.csv` is added. Omit to offer no export (viewers never get one). */
  csvName?: string;
  initialSort?: { key: string; descending: boolean };
  /** Rows shown under a row when it is expanded (slots under a video); the row gets a toggle. */
  expand?: (row: R) => R[] | undefined;
  empty?: ComponentChildren;
}

/**
 * A sortable table with CSV export. Cell content is text or elements only, so attacker-controlled
 * values (titles, URLs, labels) can never become markup. Sorted by clicking a header (a button).
 */
export function DataTable<R>({ columns, rows, rowKey, caption, csvName, initialSort, expand, empty }: DataTableProps<R>) {
  const t = useStrings(strings);
  const [sort, setSort] = useState(initialSort);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    if (!column || !sort) return rows;
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => direction * compare(column.value(a), column.value(b)));
  }, [rows, columns, sort]);

  const onSort = (key: string) =>
    setSort((s) => (s?.key === key ? { key, descending: !s.descending } : { key, descending: true }));
  const toggle = (key: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const exportable = useContext(ExportAllowed) && csvName !== undefined;
  const exportCsv = () => {
    if (csvName === undefined) return;
    const flat = sorted.flatMap((r) => [r, ...(expand?.(r) ?? [])]);
    downloadCsv(`${csvName}.csv`, toCsv(columns.map((c) => c.label), flat.map((r) => columns.map((c) => c.value(r)))));
  };

  const cells = (row: R, nested: boolean) =>
    columns.map((c, i) => {
      const content = c.render ? c.render(row) : String(c.value(row) ?? '–');
      const className = `${c.align === 'end' ? 'num' : ''} ${nested && i === 0 ? 'nested' : ''}`;
      return i === 0 ? (
        <th scope="row" class={className} key={c.key}>
          {content}
        </th>
      ) : (
        <td class={className} key={c.key}>
          {content}
        </td>
      );
    });

  return (
    <div class="data-table">
      {exportable && (
        <div class="data-table-tools">
          <button type="button" class="button small" onClick={exportCsv}>
            {t.exportCsv}
          </button>
        </div>
      )}
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {expand && <th class="toggle-col" aria-hidden="true" />}
              {columns.map((c) => {
                const active = sort?.key === c.key;
                const ariaSort = active ? (sort.descending ? 'descending' : 'ascending') : undefined;
                return (
                  <th scope="col" key={c.key} class={c.align === 'end' ? 'num' : ''} aria-sort={ariaSort}>
                    {c.sortable === false ? (
                      c.label
                    ) : (
                      <button type="button" class="sort" onClick={() => onSort(c.key)}>
                        {c.label}
                        <span class="sort-mark" aria-hidden="true">
                          {active ? (sort.descending ? '↓' : '↑') : ''}
                        </span>
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 && (
              <tr>
                <td colSpan={columns.length + (expand ? 1 : 0)} class="empty">
                  {empty ?? t.noData}
                </td>
              </tr>
            )}
            {sorted.map((row) => {
              const key = rowKey(row);
              const children = expand?.(row);
              const isOpen = open.has(key);
              return [
                <tr key={key}>
                  {expand && (
                    <td class="toggle-col">
                      {children && children.length > 0 && (
                        <button type="button" class="expand" aria-expanded={isOpen} aria-label={key} onClick={() => toggle(key)}>
                          {isOpen ? '▾' : '▸'}
                        </button>
                      )}
                    </td>
                  )}
                  {cells(row, false)}
                </tr>,
                ...(isOpen && children
                  ? children.map((child) => (
                      <tr key={`${key}/${rowKey(child)}`} class="child-row">
                        <td class="toggle-col" />
                        {cells(child, true)}
                      </tr>
                    ))
                  : []),
              ];
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Numbers by value, text by locale order; empty values last. */
function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
