import type pg from 'pg';

/**
 * Runs `work` in a transaction on a pooled connection: `begin` (e.g. `BEGIN ISOLATION LEVEL SERIALIZABLE`), then
 * COMMIT, or ROLLBACK on any error; the connection always goes back to the pool.
 */
export async function inPostgresTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
