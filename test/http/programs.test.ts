import { expect, it } from 'vitest';
import { newTestApp } from '../factories.js';
import { createPartners, createProgram, listCsv, listRow, partnerInput, programInput, uploadList } from '../factories-programs.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('partners and programs', (ctx) => {
  it('creates and updates partners, answering per element', async () => {
    const t = await newTestApp(ctx);
    const agency = partnerInput({ kind: 'agency', name: '宜昌市退役军人事务局', divisionCode: '420500' });
    const bank = partnerInput({ kind: 'bank', name: '中国邮政储蓄银行宜昌分行' });
    await createPartners(t, [agency, bank]);

    const res = await t.request('POST', '/api/v1/partners', {
      body: [{ ...agency, name: '宜昌市退役军人事务局（新）' }, partnerInput({ divisionCode: '999999' }), { ...partnerInput(), kind: 'shop' }, partnerInput({ kind: 'card_factory' })],
      role: 'operator',
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json() as { index: number; field?: string; error?: string; created?: boolean }[];
    expect(results[0]).toEqual({ index: 0, code: agency.code, created: false });
    expect(results[1]).toMatchObject({ index: 1, field: 'divisionCode', error: expect.stringContaining('999999') });
    expect(results[2]).toMatchObject({ index: 2, field: 'kind' });
    expect(results[3]).toMatchObject({ index: 3, created: true });

    const list = await t.request('GET', '/api/v1/partners?kind=agency', { role: 'viewer' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toContainEqual({ code: agency.code, name: '宜昌市退役军人事务局（新）', kind: 'agency', divisionCode: '420500', divisionName: '湖北省宜昌市' });
    expect((list.json() as { kind: string }[]).every((p) => p.kind === 'agency')).toBe(true);
  });

  it('a viewer may not create partners or programs', async () => {
    const t = await newTestApp(ctx);
    expect((await t.request('POST', '/api/v1/partners', { body: [partnerInput()], role: 'viewer' })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/programs', { body: [programInput('X')], role: 'viewer' })).statusCode).toBe(403);
  });

  it('creates a program of each payer mode and shows it back as given', async () => {
    const t = await newTestApp(ctx);
    const [agency, bank, bank2, factory] = await createPartners(t, [
      partnerInput({ kind: 'agency' }),
      partnerInput({ kind: 'bank' }),
      partnerInput({ kind: 'bank' }),
      partnerInput({ kind: 'card_factory' }),
    ]);
    const government = programInput(agency!.code);
    const bankPaid = programInput(agency!.code, { payerMode: 'bank', documentType: '社保卡', requirements: { recipientOnly: true, idCheck: true, activationBank: bank!.code } });
    const bankNamed = programInput(agency!.code, { payerMode: 'bank', payerShares: [{ partner: bank2!.code, share: 1 }] });
    const shared = programInput(agency!.code, {
      payerMode: 'multi_party',
      payerShares: [
        { partner: agency!.code, share: 0.3333 },
        { partner: bank!.code, share: 0.3333 },
        { partner: factory!.code, share: 0.3334 },
      ],
    });
    const selfPaid = programInput(agency!.code, { payerMode: 'recipient', requirements: { recipientOnly: false, idCheck: false } });

    const res = await t.request('POST', '/api/v1/programs', { body: [government, bankPaid, bankNamed, shared, selfPaid], role: 'operator' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([government, bankPaid, bankNamed, shared, selfPaid].map((p, index) => ({ index, code: p.code, created: true })));
    const one = await t.request('GET', `/api/v1/programs/${shared.code}`, { role: 'viewer' });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ ...shared, recipients: 0, createdAt: '2026-11-21T12:00:00.000+08:00', updatedAt: '2026-11-21T12:00:00.000+08:00' });
    const bankOne = (await t.request('GET', `/api/v1/programs/${bankPaid.code}`)).json();
    expect(bankOne).toMatchObject({ payerMode: 'bank', payerShares: null, requirements: { recipientOnly: true, idCheck: true, activationBank: bank!.code } });
    const all = (await t.request('GET', '/api/v1/programs', { role: 'viewer' })).json() as { code: string }[];
    expect(all.map((p) => p.code)).toEqual(expect.arrayContaining([government.code, bankPaid.code, bankNamed.code, shared.code, selfPaid.code]));
  });

  it('rejects programs that break the payer rules or name unknown or wrong-kind partners, naming the field', async () => {
    const t = await newTestApp(ctx);
    const [agency, bank, factory, centre] = await createPartners(t, [
      partnerInput({ kind: 'agency' }),
      partnerInput({ kind: 'bank' }),
      partnerInput({ kind: 'card_factory' }),
      partnerInput({ kind: 'admin_centre' }),
    ]);
    const a = agency!.code;
    const cases: [unknown, string, RegExp][] = [
      [programInput(a, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 0.5 }, { partner: bank!.code, share: 0.4 }] }), 'payerShares', /add up to 1, they add up to 0\.9/],
      [programInput(a, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 0.3333 }, { partner: bank!.code, share: 0.6666 }] }), 'payerShares', /add up to 0\.9999/],
      [programInput(a, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 1 / 3 }, { partner: bank!.code, share: 2 / 3 }] }), 'payerShares.0.share', /4 decimals/],
      [programInput(a, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 1 }] }), 'payerShares', /at least two payers/],
      [programInput(a, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 0.5 }, { partner: a, share: 0.5 }] }), 'payerShares.1.partner', /named twice/],
      [programInput(a, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 0.5 }, { partner: 'NOBODY', share: 0.5 }] }), 'payerShares.1.partner', /unknown partner NOBODY/],
      [programInput('NOBODY'), 'sponsor', /unknown partner NOBODY/],
      [programInput(bank!.code), 'sponsor', /is Bank, but the sponsor must be Agency/],
      [programInput(a, { requirements: { recipientOnly: true, idCheck: true, activationBank: factory!.code } }), 'requirements.activationBank', /is Card factory, but the activation bank must be Bank/],
      [programInput(a, { requirements: { recipientOnly: true, idCheck: true, activationBank: 'NOBODY' } }), 'requirements.activationBank', /unknown partner NOBODY/],
      [programInput(a, { payerMode: 'bank' }), 'payerShares', /needs its paying bank/],
      [programInput(a, { payerMode: 'bank', payerShares: [{ partner: factory!.code, share: 1 }] }), 'payerShares.0.partner', /the paying bank must be Bank/],
      [programInput(a, { payerMode: 'bank', payerShares: [{ partner: bank!.code, share: 0.5 }] }), 'payerShares', /exactly one payer/],
      [programInput(a, { payerMode: 'government', payerShares: [{ partner: bank!.code, share: 1 }] }), 'payerShares.0.partner', /must be Agency or Admin service centre/],
      [programInput(a, { payerMode: 'government', payerShares: [{ partner: a, share: 0.5 }, { partner: centre!.code, share: 0.5 }] }), 'payerShares', /one payer/],
      [programInput(a, { payerMode: 'recipient', payerShares: [{ partner: a, share: 1 }] }), 'payerShares', /name no payer/],
      [{ ...programInput(a), slaDays: 0 }, 'slaDays', /.+/],
      [{ ...programInput(a), payerMode: 'post' }, 'payerMode', /.+/],
    ];

    const res = await t.request('POST', '/api/v1/programs', { body: cases.map(([p]) => p) });

    expect(res.statusCode, res.body).toBe(200);
    const results = res.json() as { index: number; field?: string; error?: string }[];
    cases.forEach(([, field, message], index) => {
      expect(results[index], `case ${index}`).toMatchObject({ index, field });
      expect(results[index]!.error, `case ${index}`).toMatch(message);
    });
    const stored = await t.db.selectFrom('programs').select('code').execute();
    const codes = cases.map(([p]) => (p as { code: string }).code);
    expect(stored.filter((s) => codes.includes(s.code))).toEqual([]);
  });

  it('accepts a government program paid by a named admin centre', async () => {
    const t = await newTestApp(ctx);
    const [agency, centre] = await createPartners(t, [partnerInput({ kind: 'agency' }), partnerInput({ kind: 'admin_centre' })]);
    const program = programInput(agency!.code, { payerMode: 'government', payerShares: [{ partner: centre!.code, share: 1 }] });
    const res = await t.request('POST', '/api/v1/programs', { body: [program] });
    expect(res.json()).toEqual([{ index: 0, code: program.code, created: true }]);
  });

  it('updates a program in place, keeping when it was created', async () => {
    const t = await newTestApp(ctx);
    const [agency, other] = await createPartners(t, [partnerInput({ kind: 'agency' }), partnerInput({ kind: 'agency' })]);
    const program = programInput(agency!.code);
    await t.request('POST', '/api/v1/programs', { body: [program] });
    const later = await newTestApp(ctx, { now: t.now + 3_600_000 });

    const res = await later.request('POST', '/api/v1/programs', { body: [{ ...program, name: '新名称', sponsor: other!.code, slaDays: 10 }] });

    expect(res.json()).toEqual([{ index: 0, code: program.code, created: false }]);
    const rows = await t.db.selectFrom('programs').selectAll().where('code', '=', program.code).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: '新名称', sponsor: other!.code, sla_days: 10, created_at: t.now, updated_at: t.now + 3_600_000 });
  });

  it('with onlyNew, creates partners and programs but leaves those that exist as they are, naming the code', async () => {
    const t = await newTestApp(ctx);
    const [agency] = await createPartners(t, [partnerInput({ kind: 'agency', name: '原名' })]);
    const program = programInput(agency!.code);
    await t.request('POST', '/api/v1/programs', { body: [program] });
    const fresh = partnerInput({ kind: 'bank' });

    const partners = await t.request('POST', '/api/v1/partners?onlyNew=true', { body: [{ ...agency, name: '新名' }, fresh, { ...fresh, name: '再来一次' }], role: 'operator' });
    const programs = await t.request('POST', '/api/v1/programs?onlyNew=true', { body: [{ ...program, name: '新名' }, programInput(agency!.code)], role: 'operator' });

    expect(partners.json()).toEqual([
      { index: 0, field: 'code', error: `code: partner ${agency!.code} already exists` },
      { index: 1, code: fresh.code, created: true },
      { index: 2, field: 'code', error: `code: partner ${fresh.code} already exists` },
    ]);
    expect(programs.json()).toMatchObject([{ index: 0, field: 'code', error: `code: program ${program.code} already exists` }, { index: 1, created: true }]);
    const stored = await t.db.selectFrom('partners').select(['code', 'name']).where('code', 'in', [agency!.code, fresh.code]).orderBy('code').execute();
    expect(stored).toEqual(expect.arrayContaining([{ code: agency!.code, name: '原名' }, { code: fresh.code, name: fresh.name }]));
    expect((await t.db.selectFrom('programs').select('name').where('code', '=', program.code).executeTakeFirstOrThrow()).name).toBe(program.name);
    expect((await t.request('POST', '/api/v1/partners?onlyNew=maybe', { body: [fresh] })).statusCode).toBe(400);
  });

  it('will not change the kind of a partner a program relies on', async () => {
    const t = await newTestApp(ctx);
    const [agency, bank] = await createPartners(t, [partnerInput({ kind: 'agency' }), partnerInput({ kind: 'bank' })]);
    const program = programInput(agency!.code, { requirements: { recipientOnly: true, idCheck: true, activationBank: bank!.code } });
    await t.request('POST', '/api/v1/programs', { body: [program] });

    const res = await t.request('POST', '/api/v1/partners', { body: [{ ...agency, kind: 'bank' }, { ...bank, kind: 'agency' }, { ...bank, name: '改名' }] });

    const results = res.json() as { index: number; field?: string; error?: string }[];
    expect(results[0]).toMatchObject({ index: 0, field: 'kind', error: expect.stringContaining(`sponsor of program ${program.code}`) });
    expect(results[1]).toMatchObject({ index: 1, field: 'kind', error: expect.stringContaining('must stay Bank') });
    expect(results[2]).toEqual({ index: 2, code: bank!.code, created: false });
  });

  it('shows how many recipients a program lists, and 404 for an unknown program', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const upload = await uploadList(t, code, listCsv([listRow(), listRow(), listRow()]));
    expect(upload.json()).toMatchObject({ imported: 3 });
    expect((await t.request('GET', `/api/v1/programs/${code}`)).json()).toMatchObject({ code, recipients: 3 });
    const missing = await t.request('GET', '/api/v1/programs/NO-SUCH');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'program NO-SUCH not found' } });
  });

  it('documents the new routes in the OpenAPI reference', async () => {
    const t = await newTestApp(ctx);
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/partners',
        '/api/v1/programs',
        '/api/v1/programs/{code}',
        '/api/v1/programs/{code}/recipients/import',
        '/api/v1/programs/{code}/recipients',
        '/api/v1/recipients/{id}',
        '/api/v1/audit',
      ]),
    );
  });
});
