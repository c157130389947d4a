import { Queue, QueueKeys } from 'bullmq';
import type { RedisClient } from '../../shared/queue/redisClient.js';
import type { Logger } from '../../shared/logger.js';
import { JOURNEY_QUEUE, journeyJob, type JourneyJobData } from '../../shared/queue/journeyJob.js';
import { ingestQueueFor, queueName, type ShardLayout } from '../../shared/queue/shards.js';
import { withTimeout } from '../../shared/resources.js';

/** A promote waits at most this long for Redis, like an ingest request, before it is answered 503. */
const REDIS_TIMEOUT_MS = 5000;

/**
 * The web process's side of journey freezing: the ingest queue's job-id mark and the journey
 * job. The BullMQ queue object is made on first use, on the producer connection, so building
 * the app (the route listings of the tests do) opens nothing.
 */
export class JourneyQueue {
  private queue: Queue<JourneyJobData> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly layout: ShardLayout = { shards: 1, cluster: false },
  ) {}

  /**
   * BullMQ numbers jobs without a custom id from one counter (`INCR <queue>:id`), and every
   * ingest job is added that way: once a job is confirmed, its number is at or below the
   * counter read afterwards. Each shard has its own counter; a project's jobs all go to one
   * shard, so its counter is the mark.
   */
  async ingestMark(projectId: string): Promise<number> {
    const queue = ingestQueueFor(projectId, this.layout.shards, this.layout.cluster);
    const value = await withTimeout(this.redis.get(new QueueKeys(this.prefix).toKey(queue, 'id')), REDIS_TIMEOUT_MS, 'Redis did not answer');
    return value === null ? 0 : Number.parseInt(value, 10);
  }

  async add(data: JourneyJobData): Promise<void> {
    const job = journeyJob(data);
    await withTimeout(this.journeyQueue().add(job.name, job.data, job.opts), REDIS_TIMEOUT_MS, 'Redis did not confirm the journey job');
  }

  private journeyQueue(): Queue<JourneyJobData> {
    if (!this.queue) {
      this.queue = new Queue<JourneyJobData>(queueName(JOURNEY_QUEUE, this.layout.cluster), { connection: this.redis, prefix: this.prefix });
      this.queue.on('error', (err: Error) => this.log.debug({ err }, 'journey queue error'));
    }
    return this.queue;
  }
}
