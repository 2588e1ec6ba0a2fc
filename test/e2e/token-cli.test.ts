import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type DbTarget, loadConfig } from '../../src/config.js';
import { openDb } from '../../src/db/open-db.js';
import { TEST_DATA_KEY } from '../factories.js';
import { createEmptyTarget, describeEachDialect } from '../test-db.js';
import { type TokenCommandArgs, runToken } from '../../src/cli/token-command.js';
import { UsageError } from '../../src/cli/usage-error.js';

/** `songda token …` as an operator runs it: a separate process, settings from the environment. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function songda(args: string[], target: DbTarget): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SONGDA_')) env[k] = v;
  Object.assign(env, { SONGDA_DB: target.url, SONGDA_DATA_KEY: TEST_DATA_KEY, SONGDA_LOG_LEVEL: 'warn' });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Whether the token opens GET /api/v1/units on a server of that database. */
async function unitsStatus(target: DbTarget, token: string): Promise<number> {
  const store = openDb(target);
  const app = await buildApp({ config: configOf(target), store, logger: false });
  try {
    return (await app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${token}` } })).statusCode;
  } finally {
    await app.close();
    await store.close();
  }
}

const configOf = (target: DbTarget) => loadConfig({ SONGDA_DB: target.url, SONGDA_DATA_KEY: TEST_DATA_KEY, SONGDA_LOG_LEVEL: 'silent' });

/** `songda token …` run in this process, as the command dispatches it: exit code and printed lines. */
async function token(target: DbTarget, rest: string[], args: TokenCommandArgs = {}): Promise<{ code: number; lines: string[]; error?: string }> {
  const lines: string[] = [];
  try {
    return { code: await runToken(configOf(target), rest, args, (line) => lines.push(line)), lines };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return { code: 2, lines, error: err.message };
  }
}

describeEachDialect('songda token', (ctx) => {
  it('create --expires-in-days, list without values, revoke (twice is fine), all audited as cli', async () => {
    const target = ctx.target;
    const created = await token(target, ['create'], { role: 'viewer', name: 'report job', expiresInDays: '30' });
    expect(created.code, created.error).toBe(0);
    expect(created.lines[0]).toMatch(/^created viewer token [0-9a-f]{16} \(shown once, keep it safe, works until \d{4}-\d\d-\d\dT/);
    const id = /token ([0-9a-f]{16})/.exec(created.lines[0]!)![1]!;
    const value = created.lines[1]!;
    expect(await unitsStatus(target, value)).toBe(200);

    for (const days of ['0', '3651', '1.5', 'x']) {
      const refused = await token(target, ['create'], { role: 'admin', expiresInDays: days });
      expect(refused.code).toBe(2);
      expect(refused.error).toContain('--expires-in-days must be a whole number from 1 to 3650');
    }

    expect(await token(target, ['create'], { role: 'viewer', name: 'x'.repeat(101) })).toMatchObject({ code: 2, error: '--name: must be at most 100 characters' });
    expect(await token(target, ['create'], { role: 'viewer', name: 'gate\u202Eway' })).toMatchObject({ code: 2, error: expect.stringContaining('--name: character 5 is U+202E') });
    expect(await token(target, ['delete', id])).toMatchObject({ code: 2, error: expect.stringContaining('songda token list') });

    const listed = await token(target, ['list']);
    expect(listed.lines[0]).toBe('id\trole\tname\tsource\tcreated\texpires\tstate');
    const row = listed.lines.find((l) => l.startsWith(id))!.split('\t');
    expect(row.slice(0, 4)).toEqual([id, 'viewer', 'report job', 'cli']);
    expect(row[6]).toBe('active');
    expect(Date.parse(row[5]!) - Date.parse(row[4]!)).toBe(30 * 86_400_000);
    expect(listed.lines.join('\n')).not.toContain(value);

    const revoked = await token(target, ['revoke', id]);
    expect(revoked.code, revoked.error).toBe(0);
    expect(revoked.lines[0]).toMatch(new RegExp(`^revoked viewer token ${id} at `));
    expect(await token(target, ['revoke', id])).toEqual(revoked);
    expect(await unitsStatus(target, value)).toBe(401);
    expect((await token(target, ['list'])).lines.find((l) => l.startsWith(id))).toMatch(/\trevoked \d{4}-/);

    expect(await token(target, ['revoke', '0123456789abcdef'])).toMatchObject({ code: 2, error: 'token 0123456789abcdef not found' });
    expect(await token(target, ['revoke', 'nope'])).toMatchObject({ code: 2, error: expect.stringContaining('16 hex digits') });

    const audit = await ctx.handle.db.selectFrom('audit_log').select(['actor', 'action']).where('subject', '=', id).orderBy('id').execute();
    expect(audit).toEqual([
      { actor: 'cli', action: 'token.create' },
      { actor: 'cli', action: 'token.revoke' },
    ]);
  });
});

describe('songda token, as a separate process [sqlite]', () => {
  it('dispatches list and revoke, and create takes --expires-in-days', async () => {
    const { target, drop } = await createEmptyTarget('sqlite');
    try {
      const created = await songda(['token', 'create', '--role', 'viewer', '--expires-in-days', '7'], target);
      expect(created.code, created.stderr).toBe(0);
      const id = /token ([0-9a-f]{16})/.exec(created.stdout)![1]!;
      const listed = await songda(['token', 'list'], target);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`^${id}\tviewer\t-\tcli\t`, 'm'));
      const revoked = await songda(['token', 'revoke', id], target);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain(`revoked viewer token ${id}`);
    } finally {
      await drop();
    }
  }, 120_000);
});
