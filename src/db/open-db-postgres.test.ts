import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb } from '../../test/test-db.js';

describe('a PostgreSQL pool whose idle connections are ended by the server', () => {
  let store: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    store = await createTestDb('postgres');
  }, 60_000);
  afterAll(() => store?.drop());

  it('keeps the process alive and answers the next query on a new connection', async () => {
    if (store.target.kind !== 'postgres') throw new Error('expected a PostgreSQL target');
    const backendOf = async () => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(store.handle.db)).rows[0]!.pid;
    const before = await backendOf();

    // What an administrator, a restart or a failover does to a connection sitting idle in the pool.
    const admin = new pg.Client({ connectionString: store.target.url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [before]);
    } finally {
      await admin.end();
    }
    // The pool's client hears of it on its socket and the pool drops it; without a listener that
    // 'error' ends the process (vitest reports it as an unhandled error and fails the run).
    if (store.handle.dialect !== 'postgres') throw new Error('expected a PostgreSQL handle');
    const pool = store.handle.pool;
    for (let i = 0; i < 500 && pool.idleCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.idleCount).toBe(0);

    const after = await backendOf();
    expect(after).not.toBe(before);
  });
});
