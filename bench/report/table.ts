/** The one table the bench prints: each row a measured figure, what it is held against, and whether that holds. */
export interface TableRow {
  step: string;
  measure: string;
  value: string;
  /** Ceiling ratio or target, in words. */
  against: string;
  met: 'yes' | 'NO' | '';
  /** CPU per event of the step's processes (report/cpuPerEvent.ts), for the load steps. */
  cpu: string;
}

export class Table {
  readonly rows: TableRow[] = [];

  add(step: string, measure: string, value: string, against = '', met?: boolean, cpu = ''): void {
    this.rows.push({ step, measure, value, against, met: met === undefined ? '' : met ? 'yes' : 'NO', cpu });
  }

  markdown(): string {
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    return [
      '| Step | Measure | Value | CPU per event (user + system) | Against (ceiling / target) | Met |',
      '| --- | --- | --- | --- | --- | --- |',
      ...this.rows.map((r) => `| ${[r.step, r.measure, r.value, r.cpu, r.against, r.met].map(cell).join(' | ')} |`),
    ].join('\n');
  }
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
export const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
