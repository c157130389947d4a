import { spawnNode } from '../lib/processes.js';
import { RESULT_PREFIX, type LoadResult, type LoadSpec } from './loadSpec.js';

/** Runs one load in its own process (see loadClient.ts) and returns what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const client = spawnNode(['--import', 'tsx', 'bench/ingest/loadClient.ts', JSON.stringify(spec)]);
  const line = await client.line(RESULT_PREFIX, (spec.durationS + 120) * 1000);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as LoadResult;
}
