import { expect, it } from 'vitest';
import { FIXED_NOW, countRows, createUnits, newTestApp, unitInput } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('POST/GET /api/v1/units', (ctx) => {
  it('creates units, answers per element with created: true, and stores them with their division', async () => {
    const t = await newTestApp(ctx);
    const office = unitInput({ kind: 'delivery_office', divisionCode: '420506', endOfShift: '20:30' });
    const centre = unitInput({ kind: 'processing_centre', divisionCode: '110101' });

    const res = await t.request('POST', '/api/v1/units', { body: [office, centre] });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { index: 0, code: office.code, created: true },
      { index: 1, code: centre.code, created: true },
    ]);
    const stored = await t.db.selectFrom('units').selectAll().where('code', 'in', [office.code, centre.code]).orderBy('code').execute();
    const byCode = new Map(stored.map((u) => [u.code, u]));
    expect(byCode.get(office.code)).toMatchObject({
      name: office.name,
      kind: 'delivery_office',
      division_code: '420506',
      province_code: '420000',
      city_code: '420500',
      parent_code: null,
      end_of_shift: '20:30',
      created_at: FIXED_NOW,
    });
    expect(byCode.get(centre.code)).toMatchObject({ kind: 'processing_centre', province_code: '110000', city_code: '110100', end_of_shift: null });
  });

  it('updates an existing unit in place and answers created: false', async () => {
    const t = await newTestApp(ctx);
    const [unit] = await createUnits(t, [unitInput({ name: '旧名', divisionCode: '420506' })]);
    const before = await countRows(t.db, 'units');

    const res = await t.request('POST', '/api/v1/units', {
      body: [{ ...unit, name: '新名', kind: 'counter', divisionCode: '110101', endOfShift: '18:00' }],
    });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ index: 0, code: unit!.code, created: false }]);
    expect(await countRows(t.db, 'units')).toBe(before);
    const row = await t.db.selectFrom('units').selectAll().where('code', '=', unit!.code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '新名', kind: 'counter', division_code: '110101', province_code: '110000', end_of_shift: '18:00' });
  });

  it('reports a duplicated code inside one request as created once, then updated', async () => {
    const t = await newTestApp(ctx);
    const unit = unitInput();
    const res = await t.request('POST', '/api/v1/units', { body: [unit, { ...unit, name: '第二次' }] });
    expect(res.json()).toEqual([
      { index: 0, code: unit.code, created: true },
      { index: 1, code: unit.code, created: false },
    ]);
    const rows = await t.db.selectFrom('units').select('name').where('code', '=', unit.code).execute();
    expect(rows).toEqual([{ name: '第二次' }]);
  });

  it('answers a bad element with its index and field, and still stores the good ones', async () => {
    const t = await newTestApp(ctx);
    const good = unitInput();
    const unknownDivision = unitInput({ divisionCode: '999999' });
    const badKind = { ...unitInput(), kind: 'warehouse' };
    const badShift = unitInput({ endOfShift: '25:00' });
    const missingName = { code: unitInput().code, kind: 'counter', divisionCode: '420506' };
    const extraField = { ...unitInput(), colour: 'green' };
    const unknownParent = unitInput({ parentCode: 'NO-SUCH-PARENT' });

    const res = await t.request('POST', '/api/v1/units', {
      body: [unknownDivision, good, badKind, badShift, missingName, 'not an object', extraField, unknownParent],
    });

    expect(res.statusCode).toBe(200);
    const results = res.json() as { index: number; field?: string; error?: string; created?: boolean }[];
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results[0]).toMatchObject({ index: 0, field: 'divisionCode', error: expect.stringContaining('999999') });
    expect(results[1]).toEqual({ index: 1, code: good.code, created: true });
    expect(results[2]).toMatchObject({ index: 2, field: 'kind' });
    expect(results[3]).toMatchObject({ index: 3, field: 'endOfShift' });
    expect(results[4]).toMatchObject({ index: 4, field: 'name' });
    expect(results[5]).toMatchObject({ index: 5, error: expect.any(String) });
    expect(results[5]).not.toHaveProperty('code');
    expect(results[6]).toMatchObject({ index: 6, error: expect.stringContaining('colour') });
    expect(results[7]).toMatchObject({ index: 7, field: 'parentCode', error: expect.stringContaining('NO-SUCH-PARENT') });

    const codes = [good, unknownDivision, badKind, badShift, missingName, extraField, unknownParent].map((u) => u.code);
    const stored = await t.db.selectFrom('units').select('code').where('code', 'in', codes).execute();
    expect(stored).toEqual([{ code: good.code }]);
  });

  it('accepts a parent that is created in the same request, before or after the child', async () => {
    const t = await newTestApp(ctx);
    const parent = unitInput({ kind: 'processing_centre' });
    const child = unitInput({ parentCode: parent.code });
    const res = await t.request('POST', '/api/v1/units', { body: [child, parent] });
    expect(res.json()).toEqual([
      { index: 0, code: child.code, created: true },
      { index: 1, code: parent.code, created: true },
    ]);
    const row = await t.db.selectFrom('units').select('parent_code').where('code', '=', child.code).executeTakeFirstOrThrow();
    expect(row.parent_code).toBe(parent.code);
  });

  it('rejects a child whose parent in the same request is itself rejected (no dangling parent)', async () => {
    const t = await newTestApp(ctx);
    const badParent = unitInput({ divisionCode: '999999' });
    const child = unitInput({ parentCode: badParent.code });
    const grandchild = unitInput({ parentCode: child.code });

    const res = await t.request('POST', '/api/v1/units', { body: [badParent, child, grandchild] });

    const results = res.json() as { index: number; field?: string }[];
    expect(results[0]).toMatchObject({ index: 0, field: 'divisionCode' });
    expect(results[1]).toMatchObject({ index: 1, field: 'parentCode' });
    expect(results[2]).toMatchObject({ index: 2, field: 'parentCode' });
    const stored = await t.db.selectFrom('units').select('code').where('code', 'in', [badParent.code, child.code, grandchild.code]).execute();
    expect(stored).toEqual([]);
  });

  it('answers 400 when the body is not an array, and stores nothing', async () => {
    const t = await newTestApp(ctx);
    const unit = unitInput();
    const before = await countRows(t.db, 'units');
    const res = await t.request('POST', '/api/v1/units', { body: unit });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('array') } });
    expect(await countRows(t.db, 'units')).toBe(before);
  });

  it('lists units with their division names, and filters by kind and division prefix', async () => {
    const t = await newTestApp(ctx);
    const [office, centre, beijing] = await createUnits(t, [
      unitInput({ kind: 'delivery_office', divisionCode: '420506', endOfShift: '21:00' }),
      unitInput({ kind: 'processing_centre', divisionCode: '420506' }),
      unitInput({ kind: 'delivery_office', divisionCode: '110101' }),
    ]);

    const all = await t.request('GET', '/api/v1/units', { role: 'viewer' });
    expect(all.statusCode).toBe(200);
    const listed = all.json() as { code: string }[];
    expect(listed.map((u) => u.code)).toEqual(expect.arrayContaining([office!.code, centre!.code, beijing!.code]));
    expect(listed.find((u) => u.code === office!.code)).toEqual({
      code: office!.code,
      name: office!.name,
      kind: 'delivery_office',
      divisionCode: '420506',
      divisionName: '湖北省宜昌市夷陵区',
      provinceCode: '420000',
      cityCode: '420500',
      parentCode: null,
      endOfShift: '21:00',
    });

    const offices = (await t.request('GET', '/api/v1/units?kind=delivery_office')).json() as { code: string; kind: string }[];
    expect(offices.every((u) => u.kind === 'delivery_office')).toBe(true);
    expect(offices.map((u) => u.code)).toEqual(expect.arrayContaining([office!.code, beijing!.code]));
    expect(offices.map((u) => u.code)).not.toContain(centre!.code);

    const hubei = (await t.request('GET', '/api/v1/units?division=42')).json() as { code: string }[];
    expect(hubei.map((u) => u.code)).toEqual(expect.arrayContaining([office!.code, centre!.code]));
    expect(hubei.map((u) => u.code)).not.toContain(beijing!.code);

    const bad = await t.request('GET', '/api/v1/units?kind=warehouse');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
  });
});
