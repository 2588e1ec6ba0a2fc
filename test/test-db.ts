import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { DbTarget } from '../src/config.js';
import type { Dialect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { type DbHandle, openDb } from '../src/db/open-db.js';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** A fresh, migrated, empty database of the given engine, and how to remove it. */
export async function createTestDb(dialect: Dialect): Promise<{ target: DbTarget; handle: DbHandle; drop(): Promise<void> }> {
  const target = dialect === 'sqlite' ? newSqliteTarget() : await newPostgresTarget();
  const handle = openDb(target.target);
  await migrateToLatest(handle.db);
  return {
    target: target.target,
    handle,
    async drop() {
      await handle.close();
      await target.drop();
    },
  };
}

/** A fresh database target with nothing in it (not migrated), e.g. for a server the test spawns. */
export async function createEmptyTarget(dialect: Dialect): Promise<{ target: DbTarget; drop(): Promise<void> }> {
  return dialect === 'sqlite' ? newSqliteTarget() : newPostgresTarget();
}

function newSqliteTarget(): { target: DbTarget; drop(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'songda-test-'));
  const file = join(dir, 'songda.db');
  return {
    target: { kind: 'sqlite', file, url: `sqlite:${file}` },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function newPostgresTarget(): Promise<{ target: DbTarget; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `songda_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(adminUrl: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs a suite once per engine, each with its own fresh database:
 * `describeEachDialect('scans', (ctx) => { it(..., () => ctx.handle.db ...) })`.
 */
export function describeEachDialect(name: string, body: (ctx: TestDbContext) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      const ctx = new TestDbContext(dialect);
      beforeAll(() => ctx.open(), 60_000);
      afterAll(() => ctx.close());
      body(ctx);
    });
  }
}

export class TestDbContext {
  #db: Awaited<ReturnType<typeof createTestDb>> | undefined;
  constructor(readonly dialect: Dialect) {}

  async open(): Promise<void> {
    this.#db = await createTestDb(this.dialect);
  }

  async close(): Promise<void> {
    await this.#db?.drop();
  }

  get handle(): DbHandle {
    if (!this.#db) throw new Error('test database not open yet: use it inside a test or hook');
    return this.#db.handle;
  }

  /** The PostgreSQL pool of a context opened on PostgreSQL, for tests that hold connections of their own. */
  get pool(): pg.Pool {
    const handle = this.handle;
    if (handle.dialect !== 'postgres') throw new Error('PostgreSQL only');
    return handle.pool;
  }

  get target(): DbTarget {
    if (!this.#db) throw new Error('test database not open yet');
    return this.#db.target;
  }
}
