import type pg from 'pg';

export interface TransactionOptions {
  /** e.g. 'repeatable read' for rollups that must see one snapshot. */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /** Refuses writes; what a hot standby allows anyway, and a promise on the primary. */
  readOnly?: boolean;
}

/**
 * Runs `work` in one transaction on its own client. A checked-out client whose backend dies
 * emits 'error'; unheard, that would crash the process, so it is heard here and the dead
 * connection is not returned to the pool.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    const isolation = options.isolation ? ` isolation level ${options.isolation}` : '';
    await client.query(`begin${isolation}${options.readOnly === true ? ' read only' : ''}`);
    try {
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw err;
    }
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
