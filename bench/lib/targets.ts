import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchTarget {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temporary SQLite file, or a new database inside the given PostgreSQL. */
export async function freshTarget(songdaDb: string | undefined): Promise<BenchTarget> {
  if (songdaDb?.startsWith('postgres')) {
    const name = `songda_bench_${randomBytes(4).toString('hex')}`;
    await admin(songdaDb, `CREATE DATABASE ${name}`);
    const url = new URL(songdaDb);
    url.pathname = `/${name}`;
    return { kind: 'postgres', url: url.toString(), drop: () => admin(songdaDb, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'songda-bench-'));
  return { kind: 'sqlite', url: `sqlite:${join(dir, 'songda.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
