import type { ComponentChildren } from 'preact';
import type { Format } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { strings } from './strings';

export interface TopRow {
  key: string;
  /** Text or elements only: names are whatever a page posted with the public key. */
  name: ComponentChildren;
  /** The raw name, as a tooltip and for tests. */
  title: string;
  value: number;
}

/** A ranked list with the rest folded into one line; empty says so. */
export function TopList({ rows, other, empty, format, testId }: { rows: TopRow[]; other: { names: number; value: number } | null; empty: string; format: Format; testId: string }) {
  const t = useStrings(strings);
  if (rows.length === 0) return <p class="muted small">{empty}</p>;
  return (
    <div data-testid={testId}>
      <ol class="rank-list">
        {rows.map((r) => (
          <li key={r.key} data-key={r.key}>
            <span class="rank-name" title={r.title}>
              {r.name}
            </span>
            <span class="rank-value" data-value={r.value}>
              {format.number(r.value)}
            </span>
          </li>
        ))}
      </ol>
      {other && (
        <p class="muted small rank-other">
          {fill(t.others, { count: format.number(other.names) })}: {format.number(other.value)}
        </p>
      )}
    </div>
  );
}
