import type { RollupHealth } from '../../shared/rollup/health.js';
import type { EventPartition } from '../../shared/retention/partitions.js';
import { DEAD_LETTER_COUNT_CAP } from '../../shared/telemetry/databaseReads.js';
import { age, fail, ok, warn, worst, type Status, type Verdict } from './verdict.js';

const DAY_MS = 86_400_000;
/** Events are written into monthly partitions; the clock keeps two months ahead. */
export const PARTITIONS_AHEAD_MS = 31 * DAY_MS;

export function judgePartitions(partitions: readonly EventPartition[], now: number): Verdict {
  const attached = partitions.filter((p) => p.attached);
  const advice = 'the clock creates them hourly (`npx cuepoint migrate` does too): check that a clock runs and its logs';
  const last = attached.reduce<number | undefined>((max, p) => Math.max(max ?? 0, p.to.getTime()), undefined);
  if (last === undefined) return fail('no event partition', `${advice}; until then every event is refused by PostgreSQL`);
  const covers = attached.some((p) => p.from.getTime() <= now && now < p.to.getTime());
  const found = `${attached.length} monthly partitions, the last ending ${new Date(last).toISOString().slice(0, 10)}`;
  if (!covers) return fail(`${found}; none holds today`, `${advice}; events of today cannot be stored`);
  if (last < now + PARTITIONS_AHEAD_MS) return warn(`${found}: less than a month ahead`, advice);
  return ok(found);
}

export function judgeDeadLetters(count: number): Verdict {
  if (count === 0) return ok('no dead letter waiting');
  const n = count >= DEAD_LETTER_COUNT_CAP ? `at least ${count}` : String(count);
  return warn(`${n} dead letters not replayed`, 'see why with `npx cuepoint dead-letter list`; once fixed, `npx cuepoint dead-letter replay --all`');
}

/** Lag is about a minute normally (the clock ticks once a minute). */
export const LAG_WARN_SECONDS = 15 * 60;
export const LAG_FAIL_SECONDS = 2 * 3600;

export function judgeRollups(health: RollupHealth): Verdict {
  const found = `lag ${age(health.lagSeconds)}, ${health.dirtyDays} days waiting, ${health.failingDays} failing`;
  const statuses: Status[] = [];
  const advice: string[] = [];
  if (health.lagSeconds >= LAG_WARN_SECONDS) {
    statuses.push(health.lagSeconds >= LAG_FAIL_SECONDS ? 'fail' : 'warn');
    advice.push('figures are behind: check that the clock and a worker run, and the rollup queue (see queues)');
  }
  if (health.failingDays > 0) {
    statuses.push('warn');
    advice.push('`npx cuepoint rollup failures` lists the days and their errors; they are retried with backoff');
  }
  const status = worst(statuses);
  return status === 'ok' ? ok(found) : { status, found, advice: advice.join('; ') };
}
