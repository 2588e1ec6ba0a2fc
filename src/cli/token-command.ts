import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { openStore } from '../main.js';
import { listApiTokens } from '../modules/auth/api-token.repository.js';
import { ZTokenName, showApiToken, showInstant } from '../modules/auth/api-token.schemas.js';
import { MAX_TOKEN_DAYS, TOKEN_CACHE_MS, createApiToken, revokeApiToken } from '../modules/auth/api-token.service.js';
import { ROLES, type Role } from '../modules/auth/api-token.table.js';
import { issueMessage } from '../http/validation-messages.js';
import { UsageError } from './usage-error.js';

export const TOKEN_USAGE = `usage: songda token create --role admin|operator|viewer | --partner CODE [--name TEXT] [--expires-in-days N]
       songda token list
       songda token revoke ID`;

export interface TokenCommandArgs {
  role?: string;
  /** Binds the token to this partner; the role is then partner (and may be left out). */
  partner?: string;
  name?: string;
  expiresInDays?: string;
}

/** `songda token create | list | revoke`: the API tokens machines use. Acts as `cli` in the audit log. */
export async function runToken(config: Config, rest: readonly string[], args: TokenCommandArgs, print = (line: string) => console.log(line)): Promise<number> {
  const [sub, id, ...extra] = rest;
  if (extra.length > 0) throw new UsageError(TOKEN_USAGE);
  switch (sub) {
    case 'create':
      return tokenCreate(config, args, print);
    case 'list':
      return withTokenStore(config, async (db) => {
        const now = Date.now();
        const rows = await listApiTokens(db);
        if (rows.length === 0) print('no tokens yet: songda token create --role admin');
        else print('id\trole\tname\tsource\tcreated\texpires\tstate');
        for (const row of rows) {
          const t = showApiToken(row, now, config.timeZone);
          print([t.id, t.partner ? `partner ${t.partner}` : t.role, t.name ?? '-', t.source ?? '-', t.createdAt, t.expiresAt ?? 'never', t.revokedAt ? `revoked ${t.revokedAt}` : t.state].join('\t'));
        }
        return 0;
      });
    case 'revoke': {
      if (!id || !/^[0-9a-f]{16}$/.test(id)) throw new UsageError(`songda token revoke needs the token's id (16 hex digits, from songda token list)\n${TOKEN_USAGE}`);
      return withTokenStore(config, async (db) => {
        const row = await revokeApiToken(db, id, Date.now(), 'cli', 'all');
        print(`revoked ${row.role} token ${row.id} at ${showInstant(Number(row.revoked_at), config.timeZone)}`);
        // A running server remembers a token's answer for a few seconds before it asks the database again.
        print(`running servers refuse it within ${TOKEN_CACHE_MS / 1000} s`);
        return 0;
      });
    }
    default:
      throw new UsageError(TOKEN_USAGE);
  }
}

async function tokenCreate(config: Config, args: TokenCommandArgs, print: (line: string) => void): Promise<number> {
  const role = roleOf(args);
  const named = args.name === undefined ? undefined : ZTokenName.safeParse(args.name);
  if (named && !named.success) {
    const issue = named.error.issues[0];
    // The schema's message may be a catalog key: the command line reads its English text.
    throw new UsageError(`--name: ${issue ? String(issueMessage(issue.code, issue.message, { ...issue })) : 'not a valid name'}`);
  }
  const expiresInDays = args.expiresInDays === undefined ? undefined : parseDays(args.expiresInDays);
  return withTokenStore(config, async (db) => {
    const created = await createApiToken(db, role, named?.data ?? null, Date.now(), { source: 'cli', actor: 'cli', expiresInDays, partner: args.partner });
    const until = created.expiresAt === null ? '' : `, works until ${showInstant(created.expiresAt, config.timeZone)}`;
    const forPartner = args.partner === undefined ? '' : ` for partner ${args.partner}`;
    print(`created ${role} token ${created.id}${forPartner} (shown once, keep it safe${until}):`);
    print(created.token);
    return 0;
  });
}

/** `--partner CODE` means role partner; `--role` then may be left out, and may not say otherwise. */
export function roleOf(args: { role?: string; partner?: string }): Role {
  if (args.partner !== undefined) {
    if (args.role !== undefined && args.role !== 'partner') throw new UsageError(`--partner makes a partner credential; leave out --role ${args.role}`);
    return 'partner';
  }
  if (args.role === 'partner') throw new UsageError('--role partner needs --partner CODE');
  if (!args.role || !ROLES.includes(args.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, or give --partner CODE`);
  return args.role as Role;
}

function parseDays(text: string): number {
  const days = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) throw new UsageError(`--expires-in-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}, got "${text}"`);
  return days;
}

async function withTokenStore(config: Config, run: (db: Db) => Promise<number>): Promise<number> {
  const store = await openStore(config);
  try {
    return await run(store.db);
  } catch (err) {
    // An unknown id is the user's mistake, said without a stack trace.
    if (err instanceof AppError && err.status < 500) throw new UsageError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}
