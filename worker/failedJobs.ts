import type { Job } from 'bullmq';
import type { Logger } from '../shared/logger.js';
import type { DeadLetterSink } from './deadLetterSink.js';
import { describeError } from './errors.js';
import { asPayload, projectIdOf } from './jobData.js';

/**
 * The worker's `failed` handler. A job that still fails (a bug, an unstorable dead
 * letter, too many stalls) is copied to dead_letters, where the CLI lists and replays
 * it; BullMQ keeps it in the failed set as well.
 */
export async function copyFailedJob(job: Job | undefined, err: Error, deadLetters: DeadLetterSink, log: Logger): Promise<void> {
  try {
    if (!job) {
      log.error({ err }, 'an ingest job failed and was already removed');
      return;
    }
    // 'failed' also fires for attempts BullMQ will retry; only the last one is dead.
    if (!(await job.isFailed())) return;
    await deadLetters.recordAll([
      { projectId: projectIdOf(job.data), jobId: job.id ?? null, payload: asPayload(job.data), reason: `job failed: ${describeError(err)}` },
    ]);
  } catch (copyErr) {
    log.error({ err: copyErr, jobId: job?.id }, 'failed job could not be copied to dead letters; it stays in the failed set');
  }
}
