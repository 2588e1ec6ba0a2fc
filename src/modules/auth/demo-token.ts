import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { findActiveTokenByHash } from './api-token.repository.js';
import { createApiToken, forgetCachedAnswers, hashToken, revokeOlderTokensOfSource } from './api-token.service.js';

const DEMO_TOKEN_FILE = 'demo-token';
const TOKEN_SHAPE = /^sd_[A-Za-z0-9_-]{43}$/;

/**
 * Where `serve --demo` keeps its admin token: beside the data key file, the installation's secrets
 * (by default beside the SQLite file, or data/ for PostgreSQL); with an inline key, beside the SQLite
 * file, or in data/.
 */
export function demoTokenFile(config: Pick<Config, 'db' | 'dataKey'>): string {
  if (config.dataKey.kind === 'file') return join(dirname(config.dataKey.path), DEMO_TOKEN_FILE);
  if (config.db.kind === 'sqlite' && config.db.file !== ':memory:') return join(dirname(config.db.file), DEMO_TOKEN_FILE);
  return join('data', DEMO_TOKEN_FILE);
}

/**
 * The demo's admin token, so that each start can print one that works without minting a new admin
 * token every time. The token kept in `file` (mode 0600) is used while it still works here; otherwise
 * (first start, revoked, another database) a new one is minted, kept, and the demo tokens before it
 * are revoked: the demo has one token at a time.
 */
export async function ensureDemoToken(db: Db, file: string, now: number): Promise<{ token: string; minted: boolean }> {
  const kept = readKeptToken(file);
  if (kept !== undefined) {
    const row = await findActiveTokenByHash(db, hashToken(kept), now);
    if (row?.source === 'demo' && row.role === 'admin') return { token: kept, minted: false };
  }
  const created = await createApiToken(db, 'admin', 'demo', now, { source: 'demo', actor: 'cli' });
  keepToken(file, created.token);
  const revoked = await db.transaction().execute((trx) =>
    revokeOlderTokensOfSource(trx, 'demo', { id: created.id, created_at: now }, now, { actor: 'cli', reason: 'serve --demo minted a new demo token' }),
  );
  forgetCachedAnswers(db, revoked.map((r) => r.tokenHash));
  return { token: created.token, minted: true };
}

function readKeptToken(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return TOKEN_SHAPE.test(text) ? text : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Written whole then renamed, so a crash never leaves half a token; created 0600 like the data key. */
function keepToken(file: string, token: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  rmSync(partial, { force: true });
  writeFileSync(partial, `${token}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(partial, file);
}
