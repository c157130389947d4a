import type { BreakdownFigures } from '../../api/reportTypes';
import { DataTable, type Column } from '../../components/DataTable';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { BREAKDOWN_FIGURES, figureColumns } from './figureColumns';
import { strings } from './strings';

/** One row of a breakdown: the texts of its value columns, then its figures. */
export interface BreakdownRow extends BreakdownFigures {
  key: string;
  cells: Record<string, string>;
}

export interface ValueColumn {
  key: string;
  label: string;
}

/**
 * A breakdown list (sources, campaigns, devices, places) as a sortable table with CSV export:
 * its value columns as plain text, the figures every breakdown shows, and the values past the
 * limit in one last row.
 */
export function BreakdownTable(props: {
  valueColumns: readonly ValueColumn[];
  rows: BreakdownRow[];
  other: BreakdownFigures | null;
  caption: string;
  csvName: string;
  format: Format;
}) {
  const t = useStrings(strings);
  const columns: Column<BreakdownRow>[] = [
    ...props.valueColumns.map((c): Column<BreakdownRow> => ({ key: `v:${c.key}`, label: c.label, value: (r) => r.cells[c.key] ?? '' })),
    ...figureColumns<BreakdownRow, (typeof BREAKDOWN_FIGURES)[number]>(BREAKDOWN_FIGURES, t, (r, name) => r[name], props.format),
  ];
  const otherRow: BreakdownRow | undefined = props.other
    ? { ...props.other, key: 'other', cells: Object.fromEntries(props.valueColumns.map((c) => [c.key, t.other])) }
    : undefined;
  return (
    <DataTable
      columns={columns}
      rows={props.rows}
      footer={otherRow ? [otherRow] : undefined}
      rowKey={(r) => r.key}
      caption={props.caption}
      csvName={props.csvName}
      initialSort={{ key: 'sessions', descending: true }}
    />
  );
}

/**
 * A row from a breakdown answer's entry: its key is its values (as a JSON array, which no value
 * can break), `cells` are its value columns' texts.
 */
export function breakdownRow(entry: BreakdownFigures, values: readonly string[], cells: Record<string, string>): BreakdownRow {
  return { ...entry, key: JSON.stringify(values), cells };
}
