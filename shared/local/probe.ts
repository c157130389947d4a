import pg from 'pg';
import { Redis } from 'ioredis';

export type ProbeResult = 'ok' | 'refused' | 'error';

/** Does a PostgreSQL server answer at this URL? `refused` means nothing listens there. */
export async function probePostgres(url: string): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return 'ok';
  } catch (err) {
    return isRefused(err) ? 'refused' : 'error';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function probeRedis(url: string): Promise<ProbeResult> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return 'ok';
  } catch (err) {
    return isRefused(err) ? 'refused' : 'error';
  } finally {
    redis.disconnect();
  }
}

function isRefused(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL';
}
