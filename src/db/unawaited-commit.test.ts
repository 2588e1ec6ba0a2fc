import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/test-db.js';
import { transactionWithUnawaitedCommit } from './unawaited-commit.js';

const NOW = Date.parse('2026-11-20T08:00:00+08:00');

describeEachDialect('a transaction whose commit does not wait for the disk', (ctx) => {
  /** How the connection commits outside such a transaction: SQLite's level (2 = FULL), PostgreSQL's setting. */
  const commitMode = async () =>
    ctx.handle.dialect === 'postgres'
      ? (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(ctx.handle.db)).rows[0]!.synchronous_commit
      : (await sql<{ synchronous: number }>`pragma synchronous`.execute(ctx.handle.db)).rows[0]!.synchronous;

  it('commits atomically, is read at once, and leaves every later commit waiting for the disk as before', async () => {
    const db = ctx.handle.db;
    const before = await commitMode();
    const inside = await transactionWithUnawaitedCommit(db, async (trx) => {
      await trx.insertInto('tracking_guesses').values({ tracking_no: 'EA000000015CN', failures: 1, first_failed_at: NOW }).execute();
      await trx.insertInto('tracking_guesses').values({ tracking_no: 'EA000000029CN', failures: 2, first_failed_at: NOW }).execute();
      return ctx.handle.dialect === 'postgres'
        ? (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(trx)).rows[0]!.synchronous_commit
        : (await sql<{ synchronous: number }>`pragma synchronous`.execute(trx)).rows[0]!.synchronous;
    });
    expect(inside).toBe(ctx.handle.dialect === 'postgres' ? 'off' : 1);
    // The test run's PostgreSQL is set not to wait at all (test/global-setup.ts); the server's SQLite connection always waits.
    if (ctx.handle.dialect === 'sqlite') expect(before).toBe(2);
    expect(await commitMode()).toBe(before);
    expect(await db.selectFrom('tracking_guesses').select(['tracking_no', 'failures']).orderBy('tracking_no').execute()).toEqual([
      { tracking_no: 'EA000000015CN', failures: 1 },
      { tracking_no: 'EA000000029CN', failures: 2 },
    ]);
  });

  it('rolls back what failed and restores the commit mode all the same', async () => {
    const db = ctx.handle.db;
    const before = await commitMode();
    await expect(
      transactionWithUnawaitedCommit(db, async (trx) => {
        await trx.insertInto('tracking_guesses').values({ tracking_no: 'EA000000032CN', failures: 1, first_failed_at: NOW }).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await commitMode()).toBe(before);
    expect(await db.selectFrom('tracking_guesses').selectAll().where('tracking_no', '=', 'EA000000032CN').execute()).toEqual([]);
  });
});
