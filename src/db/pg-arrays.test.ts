import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDbContext } from '../../test/test-db.js';
import { integerArray, textArray, texts } from './pg-arrays.js';

describe('array literals for bulk statements [postgres]', () => {
  const ctx = new TestDbContext('postgres');
  beforeAll(() => ctx.open(), 60_000);
  afterAll(() => ctx.close());

  it('read back as the same texts, whatever the characters, and null as NULL', async () => {
    const values = ['EA000000001CN', '', 'NULL', 'null', 'a,b', '{x}', ' lead and trail ', 'say "hi"', 'back\\slash', '\\"', '"', '\\', '武汉市 江岸区', "it's", 'tab\there', 'new\nline', null];
    const { rows } = await ctx.pool.query<{ a: (string | null)[] }>('SELECT $1::text[] AS a', [textArray(values, (v) => v)]);
    expect(rows[0]!.a).toEqual(values);
  });

  it('read back as the same integers, with their positions, and null as NULL', async () => {
    const values = [0, -1, 1_764_547_200_000, Number.MAX_SAFE_INTEGER, null, 42];
    const { rows } = await ctx.pool.query<{ a: (string | null)[]; i: string[] }>('SELECT $1::bigint[] AS a, $2::int[] AS i', [
      integerArray(values, (v) => v),
      integerArray(values, (_, i) => i),
    ]);
    expect(rows[0]!.a.map((v) => (v === null ? null : Number(v)))).toEqual(values);
    expect(rows[0]!.i.map(Number)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('are empty arrays for no rows, and refuse a number that is not an integer', async () => {
    const { rows } = await ctx.pool.query<{ t: string[]; n: string[] }>('SELECT $1::text[] AS t, $2::bigint[] AS n', [texts([]), integerArray([], () => 0)]);
    expect(rows[0]).toEqual({ t: [], n: [] });
    expect(() => integerArray([1.5], (v) => v)).toThrow(/1\.5 \(element 0\) is not an integer/);
    expect(() => integerArray([Number.NaN], (v) => v)).toThrow(/element 0/);
  });
});
