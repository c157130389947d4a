import type { ComponentChildren } from 'preact';

/** A chart's numbers as a table. */
export interface ChartTable {
  caption: string;
  columns: string[];
  /** Already formatted cells, one array per row. */
  rows: (string | number)[][];
}

/** The chart's numbers for screen readers: a real table, visually hidden, never rendered as markup from data. */
export function HiddenTable({ table, id }: { table: ChartTable; id?: string }): ComponentChildren {
  return (
    // The wrapper hides it: a table grows to its content whatever width it is given.
    <div class="visually-hidden" id={id}>
      <table>
      <caption>{table.caption}</caption>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (j === 0 ? <th scope="row" key={j}>{cell}</th> : <td key={j}>{cell}</td>))}
          </tr>
        ))}
      </tbody>
      </table>
    </div>
  );
}
