import type { StatsScope } from './figures.js';

/**
 * The rows of a stats request in any daily table: $1 project, $2 from, $3 to (inclusive local
 * days), $4 the bot flags that count. Statements add their own parameters from $5 on.
 */
export const RANGE = `project_id = $1 and day between $2::date and $3::date and is_bot = any($4::boolean[])`;

export function rangeParams(scope: StatsScope): [string, string, string, boolean[]] {
  return [scope.projectId, scope.from, scope.to, scope.includeBots ? [false, true] : [false]];
}
