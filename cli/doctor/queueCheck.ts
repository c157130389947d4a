import type { QueueDepth } from '../../shared/telemetry/queueDepths.js';
import { age, ok, worst, type Status, type Verdict } from './verdict.js';

/** A job waits milliseconds when workers keep up; minutes mean they do not, or none runs. */
export const OLDEST_WARN_SECONDS = 120;
export const OLDEST_FAIL_SECONDS = 15 * 60;

export function judgeQueues(depths: readonly QueueDepth[], backlogMaxJobs: number): Verdict {
  const waiting = depths.map((d) => `${d.queue} ${d.counts.waiting}`).join(', ');
  const oldest = depths.reduce((max, d) => (d.oldestWaitingSeconds > max.oldestWaitingSeconds ? d : max), depths[0] ?? { queue: '', oldestWaitingSeconds: 0 });
  const ingest = depths.find((d) => d.queue === 'ingest')?.counts.waiting ?? 0;
  const found = `waiting: ${waiting}${oldest.oldestWaitingSeconds > 0 ? `; oldest ${age(oldest.oldestWaitingSeconds)} (${oldest.queue})` : ''}`;
  const statuses: Status[] = [];
  const advice: string[] = [];
  if (ingest >= backlogMaxJobs) {
    statuses.push('fail');
    advice.push(`ingest refuses events (503): the backlog is at BACKLOG_MAX_JOBS (${backlogMaxJobs}); add worker processes`);
  } else if (ingest >= backlogMaxJobs / 2) {
    statuses.push('warn');
    advice.push(`the ingest backlog is past half of BACKLOG_MAX_JOBS (${backlogMaxJobs}); add worker processes`);
  }
  if (oldest.oldestWaitingSeconds >= OLDEST_WARN_SECONDS) {
    statuses.push(oldest.oldestWaitingSeconds >= OLDEST_FAIL_SECONDS ? 'fail' : 'warn');
    advice.push('jobs wait: check that a worker process runs (Procfile role `worker`) and its logs');
  }
  const status = worst(statuses);
  return status === 'ok' ? ok(found) : { status, found, advice: advice.join('; ') };
}
