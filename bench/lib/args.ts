import type { StatsMode } from '../stats/rollupStatsSlot.js';
import type { Runtime } from './roles.js';

export interface BenchArgs {
  /** Seconds of load per measured step. */
  durationS: number;
  connections: number;
  stats: StatsMode;
  scaling: boolean;
  /** Interleaved rounds of the Segment loads against their /v1/events twins; 0 skips them. */
  segmentRounds: number;
  /** A CPU profile of the web process under a Segment batch load and under its twin. */
  segmentProfile: boolean;
  /** Rows for the COPY ceiling. */
  copyRows: number;
  runtime: Runtime;
  database: string;
  smoke: boolean;
  /** The command line as given, for RESULTS.md. */
  argv: string[];
}

const USAGE = `npm run bench -- [--duration S] [--connections N] [--stats skip|small|full] [--no-scaling]
                    [--copy-rows N] [--runtime dist|tsx] [--db NAME] [--smoke]
                    [--segment-rounds N] [--no-segment] [--profile|--no-profile]`;

export function parseArgs(argv: string[]): BenchArgs {
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const smoke = argv.includes('--smoke');
  const args: BenchArgs = {
    durationS: smoke ? 1 : 10,
    connections: smoke ? 10 : 50,
    // 1 M events over 30 days: minutes the first time, then reused; `full` is the 10 M reference.
    stats: smoke ? 'skip' : 'small',
    scaling: !smoke,
    segmentRounds: smoke ? 1 : 3,
    segmentProfile: !smoke,
    copyRows: smoke ? 2000 : 200_000,
    // The smoke run skips the build to stay within seconds.
    runtime: smoke ? 'tsx' : 'dist',
    database: 'cuepoint_bench_ingest',
    smoke,
    argv,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${String(flag)} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--smoke') continue;
    else if (flag === '--duration') args.durationS = positive(flag, value());
    else if (flag === '--connections') args.connections = positive(flag, value());
    else if (flag === '--copy-rows') args.copyRows = positive(flag, value());
    else if (flag === '--no-scaling') args.scaling = false;
    else if (flag === '--segment-rounds') args.segmentRounds = positive(flag, value());
    else if (flag === '--no-segment') args.segmentRounds = 0;
    else if (flag === '--no-profile') args.segmentProfile = false;
    else if (flag === '--profile') args.segmentProfile = true;
    else if (flag === '--db') args.database = value();
    else if (flag === '--stats') args.stats = oneOf(flag, value(), ['skip', 'small', 'full'] as const);
    else if (flag === '--runtime') args.runtime = oneOf(flag, value(), ['dist', 'tsx'] as const);
    else throw new Error(`unknown argument ${String(flag)}\n${USAGE}`);
  }
  return args;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
  return n;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === text);
  if (found === undefined) throw new Error(`${flag} must be one of ${allowed.join(', ')}`);
  return found;
}
