import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { serve } from '../../src/main.js';
import { hashToken } from '../../src/modules/auth/api-token.service.js';
import { FIXED_NOW, testConfig } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

const stops: (() => Promise<void>)[] = [];
/** Stops the servers started, as a restart would. */
async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) await stop();
}
afterEach(stopAll);

/** `songda serve --demo` in this process, as the command runs it (without the demo data): the token it printed. */
async function startDemo(config: Config): Promise<{ token: string; units: (token: string) => Promise<number> }> {
  const lines: string[] = [];
  const { app, store } = await serve(config, { demo: true, print: (line) => lines.push(line) });
  stops.push(async () => {
    await app.close();
    await store.close();
  });
  const token = lines.map((l) => /^admin token: (\S+)$/.exec(l)?.[1]).find((t) => t !== undefined);
  if (!token) throw new Error(`no admin token printed:\n${lines.join('\n')}`);
  const units = async (bearer: string) => (await app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${bearer}` } })).statusCode;
  return { token, units };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeEachDialect('serve --demo', (ctx) => {
  it('mints its admin token once and prints the same one at every start, kept 0600 beside the data key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'songda-demo-'));
    dirs.push(dir);
    // The data key in a file, as a real installation keeps it; the demo token goes beside it.
    const config = testConfig(ctx, { SONGDA_DATA_KEY: '', SONGDA_DATA_KEY_FILE: join(dir, 'songda.key'), SONGDA_PORT: '0', SONGDA_HOST: '127.0.0.1' });
    const db = ctx.handle.db;
    // A token an earlier demo start minted, before the demo kept its own.
    await db
      .insertInto('api_tokens')
      .values({ id: 'de30000000000001', token_hash: hashToken('sd_old-demo-start'), role: 'admin', name: 'demo start', created_at: FIXED_NOW, revoked_at: null, expires_at: null, source: 'demo' })
      .execute();

    const first = await startDemo(config);
    expect(await first.units(first.token)).toBe(200);
    await stopAll();
    const tokensAfterFirst = await db.selectFrom('api_tokens').select(['id', 'source', 'revoked_at']).execute();

    const second = await startDemo(config);
    expect(second.token).toBe(first.token);
    expect(await second.units(second.token)).toBe(200);
    await stopAll();
    expect(await db.selectFrom('api_tokens').select(['id', 'source', 'revoked_at']).execute()).toEqual(tokensAfterFirst);

    // The demo has one live token: the one from before is revoked.
    expect(tokensAfterFirst.filter((t) => t.source === 'demo' && t.revoked_at === null)).toHaveLength(1);
    expect(tokensAfterFirst.find((t) => t.id === 'de30000000000001')?.revoked_at).not.toBeNull();
    const file = join(dir, 'demo-token');
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('mints a new token when the kept one was revoked, and the revoked one stays revoked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'songda-demo-'));
    dirs.push(dir);
    const config = testConfig(ctx, { SONGDA_DATA_KEY: '', SONGDA_DATA_KEY_FILE: join(dir, 'songda.key'), SONGDA_PORT: '0', SONGDA_HOST: '127.0.0.1' });
    const first = await startDemo(config);
    const id = (await ctx.handle.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(first.token)).executeTakeFirstOrThrow()).id;
    await ctx.handle.db.updateTable('api_tokens').set({ revoked_at: FIXED_NOW }).where('id', '=', id).execute();
    await stopAll();

    const second = await startDemo(config);
    expect(second.token).not.toBe(first.token);
    expect(await second.units(second.token)).toBe(200);
    expect(await second.units(first.token)).toBe(401);
    await stopAll();
    expect(readFileSync(join(dir, 'demo-token'), 'utf8')).toBe(`${second.token}\n`);
  });
});
