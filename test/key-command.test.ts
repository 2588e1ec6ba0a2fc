import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { rotateDataKey } from '../src/cli/key-command.js';
import { UsageError } from '../src/cli/usage-error.js';
import type { Config } from '../src/config.js';
import { readKeyRingFile } from '../src/data-key.js';
import { createPersonalDataCipher, dataKeyId, tokenKeyOf } from '../src/domain/personal-data.js';
import { readInvitationToken } from '../src/modules/invitations/invitation-token.js';
import { importRecipients } from '../src/modules/recipients/import-recipients.js';
import { FIXED_NOW, TEST_DATA_KEY, newTestApp, testConfig } from './factories.js';
import { listCsv, listRow } from './factories-programs.js';
import { DAY, createTestProgram, postInvitations, testCipher } from './factories-requests.js';
import { describeEachDialect } from './test-db.js';

const OLD_KEY = Buffer.from(TEST_DATA_KEY, 'hex');

describeEachDialect('songda key rotate', (ctx) => {
  it('rotates through the key file, resumes after an interruption, and retires the old key', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const listed = [listRow(), listRow(), listRow()];
    await importRecipients({ store: ctx.handle, cipher: testCipher }, program.code, { bytes: Buffer.from(listCsv(listed)) }, 'all', { dryRun: false, now: FIXED_NOW });
    const { invitations } = await postInvitations(t, program.code, { recipients: [listed[0]!.idNumber], expiresInDays: 30 });
    const dir = mkdtempSync(join(tmpdir(), 'songda-rotate-'));
    const path = join(dir, 'songda.key');
    writeFileSync(path, `${TEST_DATA_KEY}\n`, { mode: 0o600 });
    const config: Config = { ...testConfig(ctx), dataKey: { kind: 'file', path } };
    const lines: string[] = [];
    const options = { prepare: false, now: () => FIXED_NOW, settleMs: 0, batchRows: 1, print: (l: string) => lines.push(l) };

    const stopped = rotateDataKey(config, {
      ...options,
      onBatch: () => {
        throw new Error('killed');
      },
    });
    await expect(stopped).rejects.toThrow('killed');
    const during = readKeyRingFile(path);
    expect(during.previous?.equals(OLD_KEY)).toBe(true);

    expect(await rotateDataKey(config, options)).toBe(0);

    expect(lines.some((l) => l.startsWith(`resuming the rotation to key ${dataKeyId(during.current)}`))).toBe(true);
    const after = readKeyRingFile(path);
    expect(after.current.equals(during.current)).toBe(true);
    expect(after.previous).toBeUndefined();
    expect(after.retiredTokenKeys).toEqual([{ keyId: dataKeyId(OLD_KEY), tokenKey: tokenKeyOf(OLD_KEY), until: FIXED_NOW + 30 * DAY }]);
    const retiredPath = `${path}.retired-${dataKeyId(OLD_KEY)}`;
    expect(readFileSync(retiredPath, 'utf8').trim()).toBe(TEST_DATA_KEY);
    expect(statSync(retiredPath).mode & 0o777).toBe(0o600);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const rows = await ctx.handle.db.selectFrom('recipients').select(['id_sealed', 'phone_sealed']).execute();
    for (const v of rows.flatMap((r) => [r.id_sealed, r.phone_sealed])) expect(v.startsWith(`v2.${dataKeyId(after.current)}.`)).toBe(true);
    const cipher = createPersonalDataCipher(after);
    expect(readInvitationToken(cipher, invitations[0]!.token)?.invitationId).toBe(invitations[0]!.id);
  });

  it('with --prepare writes the new ring for the other servers and re-seals nothing yet', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    await importRecipients({ store: ctx.handle, cipher: testCipher }, program.code, { bytes: Buffer.from(listCsv([listRow()])) }, 'all', { dryRun: false, now: FIXED_NOW });
    const path = join(mkdtempSync(join(tmpdir(), 'songda-rotate-')), 'songda.key');
    writeFileSync(path, `${TEST_DATA_KEY}\n`, { mode: 0o600 });
    const config: Config = { ...testConfig(ctx), dataKey: { kind: 'file', path } };
    const lines: string[] = [];

    expect(await rotateDataKey(config, { prepare: true, now: () => FIXED_NOW, print: (l) => lines.push(l) })).toBe(0);

    const ring = readKeyRingFile(path);
    expect(ring.previous?.equals(OLD_KEY)).toBe(true);
    expect(lines.at(-1)).toMatch(/^copy .* to every server/);
    const row = await ctx.handle.db.selectFrom('recipients').select('id_sealed').where('program_code', '=', program.code).executeTakeFirstOrThrow();
    expect(row.id_sealed.startsWith(`v2.${dataKeyId(OLD_KEY)}.`)).toBe(true);
  });

  it('refuses an inline key, which it cannot replace', async () => {
    await expect(rotateDataKey(testConfig(ctx), { prepare: false, now: () => FIXED_NOW })).rejects.toThrow(UsageError);
  });
});
