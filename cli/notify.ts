import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { createRedis } from '../shared/queue/connection.js';
import { publishConfigChanged } from '../shared/queue/configEvents.js';

/**
 * Tells every running web process to reload projects and keys now (Redis pub/sub) instead of
 * at its next periodic reload. The change is already committed, so a failure only delays it.
 */
export async function notifyWebProcesses(config: Pick<Config, 'redis'>, log: Logger): Promise<void> {
  const redis = createRedis(config, 'plain');
  try {
    await publishConfigChanged(redis, config.redis.prefix);
  } catch (err) {
    log.warn({ err }, 'could not notify web processes; they pick the change up at their next reload (CONFIG_RELOAD_MS)');
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
