import type { Ledger } from '../client/ledger.js';
import type { Tally } from './tally.js';

/**
 * One line per scenario in the test output, so a run's figures can be read (and quoted)
 * without digging: what was sent, what the API acknowledged, what PostgreSQL holds.
 */
export function printFigures(scenario: string, t: Tally, ledger: Ledger, extra: Record<string, string | number> = {}): void {
  const figures = [
    `sent ${t.sent}`,
    `acknowledged (202) ${t.acknowledged}`,
    `stored ${t.stored}`,
    `duplicated ${t.duplicated}`,
    `missing ${t.missing.length}`,
  ];
  const answers = [`429 ${ledger.answers(429)}`, `503 ${ledger.answers(503)}`, `connection errors ${ledger.connectionErrors}`];
  const more = Object.entries(extra).map(([k, v]) => `${k} ${v}`);
  console.log(`      [faults] ${scenario}: ${figures.join(' / ')} | ${[...answers, ...more].join(', ')}`);
}
