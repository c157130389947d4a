/**
 * Rollups and stats come from bench/rollupStats.ts, run as it is (it belongs to the rollup
 * work and is not changed here): a child process whose markdown table is parsed and the
 * headline rows kept. It writes bench/RESULTS-stats.md itself; for any size but its default
 * (10 M events) that file is put back afterwards, so a small run never overwrites the
 * reference figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnNode } from '../lib/processes.js';

export type StatsMode = 'skip' | 'small' | 'full';

export interface StatsSize {
  events: number;
  days: number;
  database: string;
}

export const STATS_SIZES: Record<Exclude<StatsMode, 'skip'>, StatsSize> = {
  small: { events: 1_000_000, days: 30, database: 'cuepoint_bench_small' },
  full: { events: 10_000_000, days: 90, database: 'cuepoint_bench' },
};

export interface StatsOutcome {
  command: string;
  rows: [string, string][];
  /** Set when the child failed; the table says so instead of leaving the slot silently empty. */
  error: string | undefined;
}

const RESULTS_STATS = 'bench/RESULTS-stats.md';
/** Rows worth a line in the combined table; the rest stay in rollupStats' own output. */
const KEPT = /^(generate$|rollupDay|GET (overview|videos) .*(cold|miss|warm|304))/;

export function statsCommand(size: StatsSize): string {
  return `node --import tsx bench/rollupStats.ts --events ${size.events} --days ${size.days} --db ${size.database}`;
}

export async function runRollupStats(mode: Exclude<StatsMode, 'skip'>): Promise<StatsOutcome> {
  const size = STATS_SIZES[mode];
  const command = statsCommand(size);
  const saved = mode !== 'full' && existsSync(RESULTS_STATS) ? readFileSync(RESULTS_STATS, 'utf8') : undefined;
  const child = spawnNode(['--import', 'tsx', 'bench/rollupStats.ts', '--events', String(size.events), '--days', String(size.days), '--db', size.database]);
  const code = await new Promise<number | null>((resolve) => child.child.on('close', resolve));
  if (saved !== undefined) writeFileSync(RESULTS_STATS, saved);
  if (code !== 0) return { command, rows: [], error: `exit ${String(code)}: ${child.stderrTail().trim().split('\n').slice(-3).join(' / ')}` };
  const rows: [string, string][] = [];
  for (const line of child.stdoutLines()) {
    const cells = /^\| (.+?) \| (.+?) \|$/.exec(line);
    const [, measure, value] = cells ?? [];
    if (measure === undefined || value === undefined || measure === 'Measure' || !KEPT.test(measure)) continue;
    rows.push([measure, value]);
  }
  return { command, rows, error: undefined };
}
